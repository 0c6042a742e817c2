import { describe, expect, it } from "vitest";
import { toAnnounce } from "./notifications";
import type { WaitingApproval } from "./waiting";

const waiting = (executionId: string, nodeId: string, pipelineId?: string): WaitingApproval => ({
  executionId,
  nodeId,
  pipelineId,
  label: nodeId,
  kind: "gate",
  requestedAt: "2026-11-28T00:00:00Z",
});

describe("toAnnounce", () => {
  it("announces nothing that already waited when the page loaded", () => {
    const first = toAnnounce(null, [waiting("e1", "gate", "p")]);
    expect(first.announce).toEqual([]);
    expect(toAnnounce(first.seen, [waiting("e1", "gate", "p")]).announce).toEqual([]);
  });

  it("announces each new approval once, when its pipeline is known", () => {
    let { seen } = toAnnounce(null, []);
    const fromStream = toAnnounce(seen, [waiting("e2", "gate")]);
    expect(fromStream.announce).toEqual([]);
    seen = fromStream.seen;
    const refetched = toAnnounce(seen, [waiting("e2", "gate", "p")]);
    expect(refetched.announce.map((w) => w.executionId)).toEqual(["e2"]);
    expect(toAnnounce(refetched.seen, [waiting("e2", "gate", "p")]).announce).toEqual([]);
  });

  it("tells apart two gates of one run", () => {
    const { seen } = toAnnounce(null, [waiting("e3", "a", "p")]);
    const next = toAnnounce(seen, [waiting("e3", "a", "p"), waiting("e3", "b", "p")]);
    expect(next.announce.map((w) => w.nodeId)).toEqual(["b"]);
  });
});
