// The workload of the crash and failover drills (1 and 2): executions that mix model calls, a tool
// call, parallel branches, a human gate and a run budget, and the checks that every one of them
// ended once and was charged once, whatever happened to the instances running them.
//
// Each prompt carries "drill-tag:<execution tag>:<node>" and each agent's system prompt
// "drill-agent:<slug>", so the loopback model server's record of calls names the step and agent
// that made each one.
import { TERMINAL } from "./api.mjs";
import { sleep, until } from "./process.mjs";

/** Model calls per completed attempt of each agent node (one per agent). */
export const AGENTS_PER_NODE = { ask: 2, sum: 1, final: 1 };
export const NODES = 7;

/** Credits, two agents on a priced Anthropic model, the pipeline; answers its id. */
export async function setUp(api) {
  const ws = api.workspace;
  await api.ok("POST", `/api/workspaces/${ws}/credits/grants`, { amount: 1_000_000, description: "drill grant" });
  const pricing = await api.ok("GET", "/api/pricing");
  const priced = pricing.models.find((m) => m.provider === "anthropic");
  if (!priced) throw new Error(`no anthropic model in /api/pricing: ${JSON.stringify(pricing).slice(0, 400)}`);
  for (const slug of ["alpha", "beta"]) {
    await api.ok("POST", `/api/workspaces/${ws}/agents`, {
      slug, name: slug, model_provider: "anthropic", model: priced.model,
      system_prompt: `You are drill-agent:${slug}.`, parameters: { max_tokens: 64 }, cost_per_run: 0,
    });
  }
  const tagged = (node) => `drill-tag:{{input.tag}}:${node}`;
  return api.pipeline(ws, {
    entry_point: "check",
    nodes: [
      { id: "check", type: "validation", label: "Check" },
      { id: "fetch", type: "mcp_tool", label: "Fetch", mcp: "firecrawl", tool: "firecrawl_search", arguments: { query: "{{input.tag}}" } },
      { id: "sum", type: "agent_call", label: "Sum", agent_slug: "alpha", prompt: tagged("sum") },
      { id: "ask", type: "agent_call", label: "Ask", agent_slugs: ["alpha", "beta"], prompt: tagged("ask") },
      { id: "gate", type: "human_gate", label: "Gate", message: "drill {{input.tag}}" },
      { id: "final", type: "agent_call", label: "Final", agent_slug: "beta", prompt: tagged("final") },
      { id: "done", type: "finalize", label: "Done" },
    ],
    edges: [
      { from: "check", to: "fetch" },
      { from: "check", to: "ask" },
      { from: "fetch", to: "sum" },
      { from: "sum", to: "gate" },
      { from: "ask", to: "gate" },
      { from: "gate", to: "final" },
      { from: "final", to: "done" },
    ],
  });
}

/** Calls fn until it answers (a request that meets a dead instance is made again); answers its value. */
export const persist = (what, fn, timeoutMs = 300_000) =>
  until(what, async () => {
    try {
      return await fn();
    } catch {
      return null;
    }
  }, timeoutMs, 200);

/**
 * Approves every waiting gate (found in the database, approved through `api()`, which may answer
 * another instance each time) until stop() is called; answers {stop, count}.
 */
export function approver(sql, api) {
  let on = true;
  const state = { count: 0 };
  const loop = (async () => {
    while (on) {
      let waiting = [];
      try {
        waiting = sql(`SELECT execution_id FROM pipeline_steps WHERE node_id = 'gate' AND status = 'awaiting_approval'`).map((r) => r[0]);
      } catch {
        // a psql hiccup: looked at again next round
      }
      for (const id of waiting) {
        const r = await api().post(`/orchestrate/executions/${id}/approve`, { node_id: "gate" }).catch(() => null);
        if (r?.status === 200) state.count++;
      }
      await sleep(200);
    }
  })();
  state.stop = async () => {
    on = false;
    await loop;
  };
  return state;
}

/** Waits until every execution has ended (through `api()`, any live instance); answers their views. */
export async function awaitAll(ids, api, pool) {
  return pool(ids, 16, (id) => persist(`execution ${id} to end`, async () => {
    const e = await api().execution(id);
    return TERMINAL.includes(e.status) ? e : null;
  }));
}

/**
 * The checks both drills make once every execution has ended: each ended completed; no node
 * completed twice; per step, the ledger charged each agent call of the completed attempt once and
 * the model server completed no call beyond those and the reservations released for dead
 * attempts; usage equals total_cost; event seqs 1..n; nothing left reserved.
 */
export async function checkAftermath(ctx, { sql, ws, ids, tags, ends, model }) {
  const total = ids.length;
  const statuses = {};
  for (const e of ends) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  ctx.figure("execution ends", JSON.stringify(statuses));
  // An execution whose step was taken over too often fails "interrupted" (NodeRunner): the lease
  // churn of the open defect in OPEN.md. Counted, and left out of the per-step checks below (its
  // later steps never ran); every other end must be completed.
  const interrupted = new Set(ends.filter((e) => e.status === "failed" && /interrupted/.test(e.error?.message ?? "")).map((e) => e.id));
  ctx.figure("executions failed after a step was interrupted too often (open defect)", interrupted.size);
  ctx.check(`all ${total} executions ended completed (or failed as interrupted, counted above)`, (statuses.completed ?? 0) + interrupted.size === total,
    JSON.stringify(ends.filter((e) => e.status !== "completed" && !interrupted.has(e.id)).slice(0, 3).map((e) => ({ id: e.id, status: e.status, error: e.error }))));
  const finished = ids.filter((id) => !interrupted.has(id));

  // No completed step ran twice: one step_complete event per node (the gate's is its one
  // approval_resolved), one completed row per node.
  const completeEvents = sql(`SELECT execution_id, payload->>'node_id', count(*) FROM execution_events
                              WHERE workspace_id = '${ws}' AND type IN ('step_complete', 'approval_resolved') GROUP BY 1, 2`)
    .filter((r) => !interrupted.has(r[0]));
  const twice = completeEvents.filter((r) => Number(r[2]) !== 1);
  ctx.check("every node has exactly one step_complete event (the gate one approval_resolved)", twice.length === 0 && completeEvents.length === finished.length * NODES,
    `${completeEvents.length} (execution, node) pairs of ${finished.length * NODES}; more than once: ${JSON.stringify(twice.slice(0, 5))}`);
  const completedRows = sql(`SELECT execution_id, count(*) FROM pipeline_steps WHERE workspace_id = '${ws}' AND status = 'completed' GROUP BY 1`)
    .filter((r) => !interrupted.has(r[0]));
  const wrongRows = completedRows.filter((r) => Number(r[1]) !== NODES);
  ctx.check("every node has one completed step row", wrongRows.length === 0 && completedRows.length === finished.length,
    `${completedRows.length} executions of ${finished.length}; not ${NODES}: ${JSON.stringify(wrongRows.slice(0, 5))}`);

  // Model calls: the server's completed calls per step against the ledger's usage rows. A
  // reservation released with nothing charged is a call whose attempt never committed (its
  // process died, or it lost its lease): the workload has no failing calls.
  const served = await model.served();
  const servedBy = new Map();
  for (const c of served.calls) servedBy.set(c.tag, (servedBy.get(c.tag) ?? 0) + 1);
  const byStep = (q) => new Map(sql(q).map((r) => [r[0], Number(r[1])]));
  const usageBy = byStep(`SELECT split_part(idempotency_key, ':', 2) || ':' || split_part(idempotency_key, ':', 3), count(*)
                          FROM credit_ledger WHERE workspace_id = '${ws}' AND type = 'usage' GROUP BY 1`);
  const orphanBy = byStep(`SELECT split_part(r.idempotency_key, ':', 2) || ':' || split_part(r.idempotency_key, ':', 3), count(*)
                           FROM credit_ledger r JOIN credit_ledger x ON x.reservation_id = r.id AND x.type = 'release'
                           WHERE r.workspace_id = '${ws}' AND r.type = 'reservation'
                             AND NOT EXISTS (SELECT 1 FROM credit_ledger u WHERE u.reservation_id = r.id AND u.type = 'usage') GROUP BY 1`);
  const wrongUsage = [];
  const unexplained = [];
  let unbilled = 0;
  for (const id of ids) {
    for (const [node, agents] of Object.entries(AGENTS_PER_NODE)) {
      const key = `${id}:${node}`;
      const usage = usageBy.get(key) ?? 0;
      const calls = servedBy.get(`${tags.get(id)}:${node}`) ?? 0;
      const orphans = orphanBy.get(key) ?? 0;
      if (usage !== agents && !interrupted.has(id)) wrongUsage.push({ key, usage, agents });
      if (calls < usage || calls - usage > orphans) unexplained.push({ key, calls, usage, orphans });
      unbilled += Math.max(0, calls - usage);
    }
  }
  const usageRows = [...usageBy.values()].reduce((a, b) => a + b, 0);
  ctx.figure("model calls the model server completed", served.completed);
  ctx.figure("ledger usage rows", usageRows);
  ctx.figure("reservations released uncharged (attempts that died or lost their lease)", [...orphanBy.values()].reduce((a, b) => a + b, 0));
  ctx.figure("completed model calls of attempts that never committed, charged to nobody (open defect)", unbilled);
  ctx.check("every step's completed attempt has one usage row per agent call", wrongUsage.length === 0, JSON.stringify(wrongUsage.slice(0, 5)));
  ctx.check("per step, the model server completed the calls the ledger charged plus at most one per reservation released uncharged",
    unexplained.length === 0 && served.calls.every((c) => c.tag), JSON.stringify(unexplained.slice(0, 5)));
  ctx.check("ledger usage rows + uncharged calls of attempts that never committed = the model server's completed calls", usageRows + unbilled === served.completed,
    `${usageRows} + ${unbilled} vs ${served.completed}`);
  const [usageSum, costSum] = sql(`SELECT (SELECT coalesce(-sum(amount), 0) FROM credit_ledger WHERE workspace_id = '${ws}' AND type = 'usage'),
                                          (SELECT coalesce(sum(total_cost), 0) FROM pipeline_executions WHERE workspace_id = '${ws}')`)[0];
  ctx.figure("credits charged", usageSum);
  ctx.check("the ledger's usage equals the executions' total_cost", Number(usageSum) === Number(costSum) && Number(usageSum) > 0, `${usageSum} vs ${costSum}`);

  // Event seqs 1..n without gaps, n = last_event_seq.
  const gaps = sql(`SELECT e.id, e.last_event_seq, count(v.seq), min(v.seq), max(v.seq)
                    FROM pipeline_executions e LEFT JOIN execution_events v ON v.execution_id = e.id
                    WHERE e.workspace_id = '${ws}' GROUP BY e.id, e.last_event_seq
                    HAVING count(v.seq) <> e.last_event_seq OR min(v.seq) <> 1 OR max(v.seq) <> e.last_event_seq`);
  ctx.figure("events", sql(`SELECT count(*) FROM execution_events WHERE workspace_id = '${ws}'`)[0][0]);
  ctx.check("every execution's event seqs are 1..n with no gap", gaps.length === 0, JSON.stringify(gaps.slice(0, 5)));

  // Nothing left reserved.
  const open = Number(sql(`SELECT count(*) FROM credit_ledger r WHERE r.workspace_id = '${ws}' AND r.type = 'reservation'
                           AND NOT EXISTS (SELECT 1 FROM credit_ledger x WHERE x.reservation_id = r.id AND x.type = 'release')`)[0][0]);
  const [reserved] = sql(`SELECT reserved FROM credit_accounts WHERE workspace_id = '${ws}'`)[0];
  // A step failed as interrupted gives back the share its dead attempt reserved (it did not, until
  // BudgetCrashIT.aStepFailedAsInterruptedGivesBackTheShareItsDeadAttemptSetAside).
  const holding = sql(`SELECT execution_id FROM pipeline_steps WHERE workspace_id = '${ws}' AND budget_reserved <> 0
                       UNION SELECT id FROM pipeline_executions WHERE workspace_id = '${ws}' AND budget_reserved <> 0`).map((r) => r[0]);
  ctx.check("no credit reservation is left without its release", open === 0, `${open} open`);
  ctx.check("the account has no credits reserved", Number(reserved) === 0, reserved);
  ctx.check("no execution or step holds budget", holding.length === 0, JSON.stringify(holding.slice(0, 5)));
  return served;
}

/**
 * How many leases a live instance lost, by its log: a runner whose fenced write finds its lease
 * gone says so. A killed process writes nothing more, so each such line is a lease that expired
 * while its instance ran (its heartbeat came late) and whose step attempt was then run again.
 */
export const leasesLost = (log) => (log.match(/Lease lost on execution/g) ?? []).length;
