// How long a run has taken, from the events' timestamps (the server's clock).
import { isEnded, type LiveState } from "../live/reducer";

type Clock = Pick<LiveState, "status" | "startedAt" | "endedAt" | "lastTs" | "durationMs">;

/** Whether the run's clock ticks: it started and has not ended. */
export const ticking = (state: Clock) => state.startedAt !== undefined && !isEnded(state.status);

/**
 * The run's duration: execution_complete's once it ended; while it runs, from its start to `now`,
 * never less than its last event (a browser clock behind the server's would show less).
 * Undefined before it started.
 */
export function elapsedMs(state: Clock, now: number): number | undefined {
  if (isEnded(state.status) && state.durationMs !== undefined) return state.durationMs;
  if (state.startedAt === undefined) return undefined;
  const start = Date.parse(state.startedAt);
  const seen = state.lastTs ? Date.parse(state.lastTs) - start : 0;
  if (isEnded(state.status)) return Math.max(0, state.endedAt ? Date.parse(state.endedAt) - start : seen);
  return Math.max(0, now - start, seen);
}

/** Where the timeline's axis ends: the run's end, or now while it runs. */
export function axisEnd(state: Clock, now: number): number {
  if (isEnded(state.status)) {
    const end = state.endedAt ?? state.lastTs;
    return end ? Date.parse(end) : now;
  }
  return Math.max(now, state.lastTs ? Date.parse(state.lastTs) : 0);
}
