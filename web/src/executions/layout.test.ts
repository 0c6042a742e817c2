import { expect, test } from "vitest";
import type { GraphDefinition } from "../api/types";
import { layout } from "./layout";

test("parallel branches share a column and the graph flows left to right", async () => {
  const positions = await layout({
    entry_point: "a",
    nodes: [
      { id: "a", type: "trigger", label: "A" },
      { id: "b", type: "agent_call", label: "B" },
      { id: "c", type: "agent_call", label: "C" },
      { id: "d", type: "finalize", label: "D" },
    ],
    edges: [
      { from: "a", to: "b" },
      { from: "a", to: "c" },
      { from: "b", to: "d" },
      { from: "c", to: "d" },
    ],
  });
  expect(positions.b!.x).toBe(positions.c!.x);
  expect(positions.b!.y).not.toBe(positions.c!.y);
  expect(positions.a!.x).toBeLessThan(positions.b!.x);
  expect(positions.b!.x).toBeLessThan(positions.d!.x);
});

/** A chain of `n` nodes, with one branch beside node 5 (4 → p → 6) when it is long enough. */
function longChain(n: number): GraphDefinition {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const branch = n > 6;
  return {
    entry_point: "n0",
    nodes: [
      ...ids.map((id) => ({ id, type: "agent_call" as const, label: id.toUpperCase() })),
      ...(branch ? [{ id: "p", type: "agent_call" as const, label: "P" }] : []),
    ],
    edges: [
      ...ids.slice(1).map((id, i) => ({ from: ids[i]!, to: id })),
      ...(branch ? [{ from: "n4", to: "p" }, { from: "p", to: "n6" }] : []),
    ],
  };
}

test("a long chain wraps into rows about the monitor's shape, so it fits without shrinking", async () => {
  const positions = await layout(longChain(12));
  const xs = Object.values(positions).map((p) => p.x);
  const ys = Object.values(positions).map((p) => p.y);
  const width = Math.max(...xs) + 200 - Math.min(...xs);
  const height = Math.max(...ys) + 72 - Math.min(...ys);
  // Unwrapped, 12 columns are about 3,000 px wide and fit 900 px only at a third of their size.
  expect(width).toBeLessThan(1300);
  expect(width / height).toBeLessThan(3);
  expect(new Set(ys).size).toBeGreaterThan(1);
  // Reading order is kept within a row: left to right.
  expect(positions.n0!.x).toBeLessThan(positions.n1!.x);
  // The branch beside n5 still sits in its column, on another line.
  expect(positions.p!.x).toBe(positions.n5!.x);
  expect(positions.p!.y).not.toBe(positions.n5!.y);
});

test("a short graph is not wrapped", async () => {
  const positions = await layout(longChain(4));
  expect(new Set(["n0", "n1", "n2", "n3"].map((id) => positions[id]!.y)).size).toBe(1);
});

test("grant_factory's six steps wrap into rows, in reading order", async () => {
  const positions = await layout(longChain(6));
  const ys = new Set(Object.values(positions).map((p) => p.y));
  expect(ys.size).toBeGreaterThan(1);
  const rowOf = (id: string) => [...ys].sort((a, b) => a - b).indexOf(positions[id]!.y);
  for (let i = 1; i < 6; i++) {
    const [a, b] = [`n${i - 1}`, `n${i}`];
    // Each next step is to the right on the same row, or on a later row.
    expect(rowOf(b) > rowOf(a) || positions[b]!.x > positions[a]!.x).toBe(true);
  }
});

test("an editor's positions are kept while they fit, not when they lay a long chain in one row", async () => {
  const small = longChain(3);
  small.nodes = small.nodes.map((n, i) => ({ ...n, position: { x: i * 300, y: i * 40 } }));
  const kept = await layout(small);
  expect(kept.n2).toEqual({ x: 600, y: 80 });

  // Like the demo pipelines: nine steps at x = 0, 260, … 2,080, all at y = 0.
  const row = longChain(9);
  row.nodes = row.nodes.map((n, i) => ({ ...n, position: { x: i * 260, y: 0 } }));
  const wrapped = await layout(row);
  expect(new Set(Object.values(wrapped).map((p) => p.y)).size).toBeGreaterThan(1);
  expect(Math.max(...Object.values(wrapped).map((p) => p.x))).toBeLessThan(1100);
});
