// Each node's attempts, for the timeline: opened by step_start, ended by its outcome.
import { money, type Attempt, type AttemptStatus } from "./state";

const isOpen = (a: Attempt) => a.status === "running" || a.status === "awaiting_approval";

/** Ends every open attempt at `ts` with `status`; the same array when none was open. */
export function closeOpen(attempts: Attempt[], ts: string, status: AttemptStatus): Attempt[] {
  if (!attempts.some(isOpen)) return attempts;
  return attempts.map((a) => (isOpen(a) ? { ...a, endedAt: ts, status } : a));
}

/**
 * Ends the attempt an end event speaks of: the open one with that number (or the last open one);
 * with none open, the attempt is known only from its end and is added.
 */
export function endAttempt(
  attempts: Attempt[],
  ts: string,
  number: number | undefined,
  end: Partial<Attempt> & { status: AttemptStatus },
): Attempt[] {
  const open = attempts.map((a, i) => (isOpen(a) ? i : -1)).filter((i) => i >= 0);
  const numbered = open.filter((i) => attempts[i]!.attempt === number);
  const index = numbered.at(-1) ?? open.at(-1);
  const { startedAt, ...rest } = end;
  if (index === undefined) {
    return [
      ...attempts,
      {
        attempt: number ?? (attempts.at(-1)?.attempt ?? 0) + 1,
        startedAt: startedAt ?? ts,
        endedAt: ts,
        ...rest,
      },
    ];
  }
  return attempts.map((a, i) => (i === index ? { ...a, endedAt: ts, ...rest } : a));
}

export function waitAttempt(attempts: Attempt[], ts: string): Attempt[] {
  const last = attempts.at(-1);
  if (!last || !isOpen(last)) {
    return [...attempts, { attempt: (last?.attempt ?? 0) + 1, startedAt: ts, status: "awaiting_approval" }];
  }
  return [...attempts.slice(0, -1), { ...last, status: "awaiting_approval" }];
}

/**
 * A charge belongs to the open attempt that made the call (the server charges before it says the
 * attempt ended). An ended attempt's cost is already its step_complete's: nothing is added twice.
 */
export function chargeAttempt(attempts: Attempt[], amount: number): Attempt[] {
  let target = -1;
  for (let i = attempts.length - 1; i >= 0 && target < 0; i--) {
    if (isOpen(attempts[i]!)) target = i;
  }
  if (target < 0) return attempts;
  return attempts.map((a, i) => (i === target ? { ...a, cost: money((a.cost ?? 0) + amount) } : a));
}
