import { describe, expect, it } from "vitest";
import type { Execution } from "../api/types";
import { applyWorkspaceEvent, mayApprove, waitingFromExecutions, type WaitingApproval } from "./waiting";

const execution = (id: string, nodes: string[]): Execution =>
  ({
    id,
    pipeline_id: "p-" + id,
    status: "awaiting_approval",
    pending_approvals: nodes.map((n) => ({
      node_id: n,
      label: n.toUpperCase(),
      requested_at: "2026-11-28T10:00:00Z",
      ...(n.startsWith("b") ? { kind: "budget" as const } : {}),
    })),
  }) as unknown as Execution;

const required = (execution_id: string, node_id: string, seq = 1) =>
  ({ type: "approval_required", execution_id, seq, ts: "2026-11-28T11:00:00Z", node_id, label: node_id }) as const;

describe("waiting approvals", () => {
  it("lists every pending approval of the fetched executions, gate by default", () => {
    const waiting = waitingFromExecutions([execution("a", ["gate"]), execution("b", ["gate", "budget_step"])]);
    expect(waiting.map((w) => `${w.executionId}/${w.nodeId}/${w.kind}`)).toEqual([
      "a/gate/gate",
      "b/gate/gate",
      "b/budget_step/budget",
    ]);
    expect(waiting[0]?.pipelineId).toBe("p-a");
  });

  it("counts a new approval from the stream once, even when the event comes twice", () => {
    let waiting: WaitingApproval[] = waitingFromExecutions([execution("a", ["gate"])]);
    waiting = applyWorkspaceEvent(waiting, required("b", "gate"));
    waiting = applyWorkspaceEvent(waiting, required("b", "gate"));
    expect(waiting).toHaveLength(2);
    expect(waiting[1]).toMatchObject({ executionId: "b", kind: "gate", requestedAt: "2026-11-28T11:00:00Z" });
    // Already known from the fetch: not counted again.
    expect(applyWorkspaceEvent(waiting, required("a", "gate"))).toHaveLength(2);
  });

  it("drops an approval once decided, and all of an execution's once it ended", () => {
    let waiting = waitingFromExecutions([execution("a", ["gate"]), execution("b", ["gate", "budget_x"])]);
    waiting = applyWorkspaceEvent(waiting, {
      type: "approval_resolved",
      execution_id: "a",
      seq: 9,
      ts: "",
      node_id: "gate",
    });
    expect(waiting.map((w) => w.executionId)).toEqual(["b", "b"]);
    waiting = applyWorkspaceEvent(waiting, {
      type: "execution_complete",
      execution_id: "b",
      seq: 10,
      ts: "",
      status: "rejected",
    });
    expect(waiting).toEqual([]);
  });

  it("lets a role approve when it is at least one of the approvers", () => {
    expect(mayApprove("owner", ["admin"])).toBe(true);
    expect(mayApprove("admin", ["owner", "admin"])).toBe(true);
    expect(mayApprove("member", ["owner", "admin"])).toBe(false);
    expect(mayApprove("viewer", ["member"])).toBe(false);
    expect(mayApprove(undefined, ["viewer"])).toBe(false);
    expect(mayApprove("owner", ["chairman"])).toBe(false);
  });
});
