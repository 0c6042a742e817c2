import { describe, expect, it } from "vitest";
import { emptyNode, type NodeState } from "../live/reducer";
import { withLiveData } from "./nodeData";

const flow = [
  { id: "a", data: { label: "A", status: "running" as const } },
  { id: "b", data: { label: "B", status: "pending" as const } },
];
const live = (over: Partial<NodeState>): NodeState => ({ ...emptyNode(), ...over });

describe("withLiveData", () => {
  it("keeps the same array and nodes when only streamed text changed", () => {
    const before = { a: live({ status: "running", text: { optimist: "분석" } }) };
    const after = { a: live({ status: "running", text: { optimist: "분석 결과..." } }) };
    const once = withLiveData(flow, before);
    expect(once).toBe(flow);
    expect(withLiveData(once, after)).toBe(flow);
  });

  it("replaces only the node whose shown fields changed", () => {
    const next = withLiveData(flow, { a: live({ status: "completed", durationMs: 120, cost: 3 }) });
    expect(next).not.toBe(flow);
    expect(next[0]?.data).toEqual({ label: "A", status: "completed", durationMs: 120, cost: 3 });
    expect(next[1]).toBe(flow[1]);
  });
});
