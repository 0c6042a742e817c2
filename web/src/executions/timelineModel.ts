// The timeline's model: one row per node, one bar per attempt, in milliseconds from the run's start.
import type { GraphDefinition, StepStatus } from "../api/types";
import type { AttemptStatus, NodeState } from "../live/reducer";

export interface TimelineBar {
  attempt: number;
  status: AttemptStatus;
  /** From the origin, in ms. */
  start: number;
  end: number;
  /** Still running or waiting: its end is now, and it grows. */
  open: boolean;
  durationMs: number;
  errorCode?: string;
}

export interface TimelineRow {
  nodeId: string;
  label: string;
  status: StepStatus;
  bars: TimelineBar[];
}

export interface Timeline {
  rows: TimelineRow[];
  /** The axis length in ms: the run's end, or now while it runs; never 0. */
  span: number;
  /** Axis marks, in ms from the origin. */
  ticks: number[];
}

const STEPS = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/** Round marks, at most about six of them, from 0 to the span. */
export function ticksFor(span: number): number[] {
  const step = STEPS.find((s) => span / s <= 6) ?? Math.ceil(span / 6 / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let at = 0; at <= span; at += step) ticks.push(at);
  return ticks;
}

/**
 * @param origin the run's start (epoch ms); the first attempt's start when unknown
 * @param now where the axis ends (epoch ms): the clock while the run goes on (open attempts end
 *     there and grow), the run's end once it ended
 */
export function timelineModel(
  graph: GraphDefinition | undefined,
  nodes: Record<string, NodeState>,
  origin: number | undefined,
  now: number,
): Timeline {
  const order = graph
    ? [...graph.nodes.map((n) => n.id), ...Object.keys(nodes).filter((id) => !graph.nodes.some((n) => n.id === id))]
    : Object.keys(nodes);
  const label = (id: string) => graph?.nodes.find((n) => n.id === id)?.label ?? nodes[id]?.label ?? id;
  const starts = Object.values(nodes).flatMap((n) => n.attempts.map((a) => Date.parse(a.startedAt)));
  const zero = origin ?? (starts.length ? Math.min(...starts) : now);
  let span = 0;
  const rows = order.map((nodeId): TimelineRow => {
    const node = nodes[nodeId];
    const bars = (node?.attempts ?? []).map((a): TimelineBar => {
      const start = Math.max(0, Date.parse(a.startedAt) - zero);
      const open = a.endedAt === undefined;
      const end = Math.max(start, (open ? now : Date.parse(a.endedAt!)) - zero);
      span = Math.max(span, end);
      return {
        attempt: a.attempt,
        status: a.status,
        start,
        end,
        open,
        durationMs: open ? end - start : (a.durationMs ?? end - start),
        errorCode: a.error?.code,
      };
    });
    return { nodeId, label: label(nodeId), status: node?.status ?? "pending", bars };
  });
  span = Math.max(span, now - zero, 1);
  return { rows, span, ticks: ticksFor(span) };
}
