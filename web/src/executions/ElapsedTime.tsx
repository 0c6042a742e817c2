import { useFormat } from "../i18n/format";
import type { LiveState } from "../live/reducer";
import { elapsedMs, ticking } from "./clock";
import { useNow } from "./useNow";

/**
 * 소요시간: ticks every second while the run goes on (whole seconds, so it reads as a clock), and
 * shows execution_complete's exact duration once it ended. Only this renders every second.
 */
export function ElapsedTime({ state }: { state: LiveState }) {
  const format = useFormat();
  const live = ticking(state);
  const now = useNow(live);
  const ms = elapsedMs(state, now);
  if (ms === undefined) return <span data-testid="elapsed">–</span>;
  return (
    <span data-testid="elapsed" data-ticking={live}>
      {live ? `${format.number(Math.floor(ms / 1000))}s` : format.duration(ms)}
    </span>
  );
}
