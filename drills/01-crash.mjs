// Drill 1: the service survives SIGKILL mid-run. Executions that mix model calls, a tool call,
// parallel branches, a human gate and a run budget are in flight when the service is killed with
// SIGKILL at random moments and started again; afterwards every execution has ended, no completed
// step ran twice, the ledger charged every model call the model server completed (except calls of
// attempts that died with the process, which are counted), event seqs have no gaps and no credits
// or budget are left reserved.
import { Api } from "./lib/api.mjs";
import { pool, sleep, until } from "./lib/process.mjs";
import { approver, awaitAll, checkAftermath, leasesLost, setUp } from "./lib/workload.mjs";

// A short lease, so that a restarted instance (a new owner) takes the dead one's executions back
// within seconds rather than the default 30.
const ENGINE = { ORCHESTRATE_ENGINE_LEASE: "5s", ORCHESTRATE_ENGINE_HEARTBEAT: "1s", ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE: "40" };

export default {
  number: 1,
  title: "Crash",
  proves: `Executions in flight are killed with their service (SIGKILL, no shutdown hook) at random
moments and the service is started again on the same database: the full run starts 200 executions
and kills three times, the short run 30 and once. Each execution validates its input, then runs two
branches in parallel (a simulated \`firecrawl\` tool call followed by one agent, and a node of two
agents in parallel), waits at a human gate that the drill approves while it runs, calls one more
agent and finalizes, under a run budget. The agents use the Anthropic API of the loopback model
server, which takes 300 ms to its first token so that calls are in flight when the kill comes; each
prompt carries a tag naming its execution and node, so the server's count of completed calls is
matched to the ledger per step. The service runs with \`ORCHESTRATE_ENGINE_LEASE=5s\` and
\`ORCHESTRATE_ENGINE_HEARTBEAT=1s\` (and \`ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE=40\`), so the
restarted instance takes the dead one's executions back within seconds. Checks: every kill hit
steps in flight and some step attempt was taken over after it (the control that the drill tested
recovery); every execution ends \`completed\`; every node has exactly one \`step_complete\` event
(the gate its one \`approval_resolved\`) and one completed step row; per step, the ledger has one
usage row per agent call of its completed attempt, and the model server completed exactly those
calls plus at most one per reservation released uncharged for an attempt that never committed
(calls the provider served but nobody is charged for: a figure, and an open defect; the ledger
equals the server's count up to them); the sum of usage rows equals the executions'
\`total_cost\`; every execution's event seqs are exactly 1..n with n = \`last_event_seq\`; no credit
reservation is left without its release, no account has credits reserved, and no execution or step
holds budget (not even one failed as interrupted). A figure also counts the leases the live
instance lost (its log says so; 0 since the recovering runners renew their leases, BudgetCrashIT).`,
  short: true,
  async run(ctx) {
    const total = ctx.short ? 30 : 200;
    const kills = ctx.short ? 1 : 3;
    const model = await ctx.model();
    await model.faults({ rate: 0, firstTokenMs: 300 });
    const db = await ctx.database();
    const service = await ctx.service(db, { env: { ...model.env, ...ENGINE }, name: "crash" });
    const sql = (q) => ctx.pg.psql(db, q);
    const owner = await new Api(service.url).signUp("crash");
    const ws = owner.workspace;
    const pipeline = await setUp(owner);

    const tags = new Map(); // execution id -> the tag its prompts carry
    const ids = await pool([...Array(total).keys()], 8, async (i) => {
      const r = await owner.ok("POST", "/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { tag: `e${i}` }, budget: 1000 });
      tags.set(r.execution_id, `e${i}`);
      return r.execution_id;
    });
    ctx.log(`started ${ids.length} executions`);
    const approvals = approver(sql, () => owner);

    const running = () => Number(sql(`SELECT count(*) FROM pipeline_steps WHERE status = 'running' AND type = 'agent_call'`)[0][0]);
    const hits = [];
    for (let k = 0; k < kills; k++) {
      await sleep(500 + Math.random() * 4000); // the random moment (the scenario, not a wait)
      const inFlight = await until("agent steps in flight to kill", () => running() || null, 120_000, 50).catch(() => 0);
      await service.kill();
      hits.push(inFlight);
      ctx.log(`kill ${k + 1}: SIGKILL with ${inFlight} agent steps running; restarting`);
      await service.restart();
    }
    const ends = await awaitAll(ids, () => owner, pool);
    await approvals.stop();

    ctx.figure("executions", total);
    ctx.figure("SIGKILLs", hits.length);
    ctx.figure("agent steps running at each kill", hits.join(", "));
    ctx.figure("gates approved", approvals.count);
    ctx.check(`each of ${kills} kills hit agent steps in flight`, hits.length === kills && hits.every((n) => n > 0), hits.join(", "));
    const takenOver = Number(sql(`SELECT count(*) FROM pipeline_steps WHERE workspace_id = '${ws}' AND attempt > 1`)[0][0]);
    ctx.figure("step attempts run again after a kill", takenOver);
    ctx.check("some step attempt was run again after a kill (recovery was exercised)", takenOver > 0, `${takenOver}`);
    await checkAftermath(ctx, { sql, ws, ids, tags, ends, model });
    ctx.figure("leases a live instance lost (heartbeat late)", leasesLost(service.log()));
  },
};
