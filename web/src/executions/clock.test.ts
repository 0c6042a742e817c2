import { describe, expect, test } from "vitest";
import { axisEnd, elapsedMs, ticking } from "./clock";

const start = "2026-11-24T10:00:00.000Z";
const t0 = Date.parse(start);

describe("the run's clock", () => {
  test("ticks from the start while the run goes on, never behind its last event", () => {
    const running = { status: "running" as const, startedAt: start, lastTs: "2026-11-24T10:00:05.000Z" };
    expect(ticking(running)).toBe(true);
    expect(elapsedMs(running, t0 + 7_000)).toBe(7_000);
    expect(elapsedMs(running, t0 + 8_000)).toBe(8_000);
    expect(elapsedMs(running, t0 + 2_000)).toBe(5_000);
    expect(axisEnd(running, t0 + 7_000)).toBe(t0 + 7_000);
  });

  test("stops at the end: execution_complete's duration", () => {
    const ended = { status: "completed" as const, startedAt: start, endedAt: "2026-11-24T10:00:09.000Z", durationMs: 8_900 };
    expect(ticking(ended)).toBe(false);
    expect(elapsedMs(ended, t0 + 60_000)).toBe(8_900);
    expect(axisEnd(ended, t0 + 60_000)).toBe(t0 + 9_000);
  });

  test("shows nothing before the run started", () => {
    expect(elapsedMs({ status: "queued" }, t0)).toBeUndefined();
    expect(ticking({ status: "queued" })).toBe(false);
  });
});
