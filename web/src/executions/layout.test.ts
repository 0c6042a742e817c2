import { expect, test } from "vitest";
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
