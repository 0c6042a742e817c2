// Drill 6: a workspace never spends what it does not have. 100 runs start at once against credits
// for ten, then against a daily spending limit for ten, then each against a budget for two of its
// three parallel calls: the balance never goes below zero, no limit or budget is passed, and every
// run stopped says why.
import { Api } from "./lib/api.mjs";
import { pool } from "./lib/process.mjs";

const FEE = 10; // credits per call: a simulated agent charges exactly its cost_per_run
const RUNS_SHORT = 100;

export default {
  number: 6,
  title: "Spending race",
  proves: `Three races of 100 runs started at once (32 requests in flight) on workspaces of their
own, with agents whose every call costs exactly ${FEE} credits (simulated agents charge their
\`cost_per_run\`, so what ten runs cost is known to the credit): (a) credits for exactly ten runs:
the ledger's balance after every row never goes below zero, exactly ten runs complete and every
other one is refused at start with 402 or fails \`insufficient_credits\`; (b) plenty of credits but a
daily spending limit for ten runs: the day's usage never passes the limit, exactly ten complete, the
others are stopped the same way; (c) each run with three parallel paid calls and a budget for two
(\`on_budget: "fail"\`): no run spends more than its budget, each spends exactly two calls, and the
third fails \`budget_exceeded\`. Every reservation is settled or released when the runs end.`,
  short: true,
  async run(ctx) {
    const { service, db } = await ctx.shared();
    const owner = await new Api(service.url).signUp("spend");
    const slug = `fee_${Date.now()}`;
    const workspace = async (name) => (await owner.ok("POST", "/api/workspaces", { name: `${name} ${Date.now()}` })).id;
    const agentIn = (ws) => owner.ok("POST", `/api/workspaces/${ws}/agents`, {
      slug, name: "Fee", model_provider: "simulated", model: "simulated", system_prompt: "Answer.", cost_per_run: FEE,
    });
    const oneCall = { entry_point: "a", nodes: [{ id: "a", type: "agent_call", label: "A", agent_slug: slug }], edges: [] };
    const balance = async (ws) => Number((await owner.ok("GET", `/api/workspaces/${ws}/credits`)).balance);
    const topUp = async (ws, to) => {
      const have = await balance(ws);
      if (have > to) throw new Error(`a new workspace already holds ${have} credits, more than the drill's ${to}`);
      if (have < to) await owner.ok("POST", `/api/workspaces/${ws}/credits/grants`, { amount: to - have, description: "drill" });
    };
    const race = async (ws, graph, extra = {}) => {
      await agentIn(ws);
      const pipeline = await owner.pipeline(ws, graph);
      const starts = await pool(Array.from({ length: RUNS_SHORT }), 32, (_, i) =>
        owner.post("/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { i }, ...extra }));
      const ids = starts.filter((r) => r.status === 202).map((r) => r.json.execution_id);
      const refused = starts.filter((r) => r.status !== 202);
      const ends = await pool(ids, 16, (id) => owner.awaitEnd(id, 180_000));
      return { ids, refused, ends };
    };
    const ledger = (ws) => ctx.pg.psql(db, `SELECT coalesce(min(balance_after), 0), count(*) FILTER (WHERE type = 'usage'),
        coalesce(sum(-amount) FILTER (WHERE type = 'usage'), 0) FROM credit_ledger WHERE workspace_id = '${ws}'`)[0].map(Number);
    const reservedNow = (ws) => Number(ctx.pg.psql(db, `SELECT reserved FROM credit_accounts WHERE workspace_id = '${ws}'`)[0][0]);
    const stoppedRight = (r, code) => r.status === 402 && (r.headers.get("content-type") ?? "").includes("problem+json");
    const describe = (ends) => Object.entries(ends.reduce((m, e) => ((m[`${e.status}${e.error ? `/${e.error.code}` : ""}`] = (m[`${e.status}${e.error ? `/${e.error.code}` : ""}`] ?? 0) + 1), m), {})).map(([k, v]) => `${k}: ${v}`).join(", ");

    // (a) Credits for ten.
    const a = await workspace("credits for ten");
    await topUp(a, 10 * FEE);
    const ra = await race(a, oneCall);
    const [minA, usageRowsA, spentA] = ledger(a);
    const completedA = ra.ends.filter((e) => e.status === "completed").length;
    const failedA = ra.ends.filter((e) => e.status !== "completed");
    ctx.figure("(a) runs completed / failed / refused at start", `${completedA} / ${failedA.length} / ${ra.refused.length}`);
    ctx.check("(a) the balance never went below zero (every ledger row's balance after)", minA >= 0, `lowest ${minA}`);
    ctx.check("(a) exactly ten runs completed, ten calls charged", completedA === 10 && usageRowsA === 10 && spentA === 10 * FEE, `${completedA} completed, ${usageRowsA} usage rows, ${spentA} spent`);
    ctx.check("(a) every other run says insufficient_credits", failedA.every((e) => e.status === "failed" && e.error?.code === "insufficient_credits") && ra.refused.every(stoppedRight), `${describe(failedA)}; refused ${ra.refused.map((r) => r.status).join(",")}`);
    ctx.check("(a) the balance is zero and nothing stays reserved", (await balance(a)) === 0 && reservedNow(a) === 0, `${await balance(a)}, reserved ${reservedNow(a)}`);

    // (b) A daily limit for ten, credits for a thousand.
    const b = await workspace("limit for ten");
    await topUp(b, 1000 * FEE);
    await owner.ok("PUT", `/api/workspaces/${b}/spending-limits`, { daily: 10 * FEE });
    const rb = await race(b, oneCall);
    const [, usageRowsB, spentB] = ledger(b);
    const completedB = rb.ends.filter((e) => e.status === "completed").length;
    const failedB = rb.ends.filter((e) => e.status !== "completed");
    const limits = await owner.ok("GET", `/api/workspaces/${b}/spending-limits`);
    ctx.figure("(b) runs completed / failed / refused at start", `${completedB} / ${failedB.length} / ${rb.refused.length}`);
    ctx.check("(b) the day's spending stayed within the limit", spentB <= 10 * FEE && Number(limits.daily.spent) <= 10 * FEE, `spent ${spentB}, limit says ${JSON.stringify(limits.daily)}`);
    ctx.check("(b) exactly ten runs completed", completedB === 10 && usageRowsB === 10, `${completedB} completed, ${usageRowsB} usage rows`);
    ctx.check("(b) every other run says insufficient_credits (the limit)", failedB.every((e) => e.status === "failed" && e.error?.code === "insufficient_credits") && rb.refused.every(stoppedRight), `${describe(failedB)}; refused ${rb.refused.map((r) => r.status).join(",")}`);
    ctx.check("(b) nothing stays reserved", reservedNow(b) === 0 && Number(limits.daily.reserved) === 0, `${reservedNow(b)}`);

    // (c) Budgets: three parallel calls, a budget for two.
    const c = await workspace("budget for two");
    await topUp(c, 1000 * FEE);
    const three = {
      entry_point: "v",
      on_budget: "fail",
      nodes: [{ id: "v", type: "validation", label: "V" }, ...["x", "y", "z"].map((id) => ({ id, type: "agent_call", label: id, agent_slug: slug }))],
      edges: ["x", "y", "z"].map((to) => ({ from: "v", to })),
    };
    const rc = await race(c, three, { budget: 2 * FEE + FEE / 2 });
    const over = rc.ends.filter((e) => Number(e.spent ?? e.total_cost) > Number(e.budget));
    const notTwo = rc.ends.filter((e) => Number(e.total_cost) !== 2 * FEE);
    const codes = rc.ends.map((e) => e.error?.code);
    ctx.figure("(c) runs / refused at start", `${rc.ids.length} / ${rc.refused.length}`);
    ctx.check("(c) no run spent more than its budget", rc.ids.length === RUNS_SHORT && over.length === 0, `${over.length} over`);
    ctx.check("(c) every run spent exactly two calls", notTwo.length === 0, notTwo.slice(0, 3).map((e) => e.total_cost).join(", "));
    ctx.check("(c) every run's third call failed budget_exceeded", rc.ends.every((e) => e.status === "failed" && e.error?.code === "budget_exceeded"), describe(rc.ends));
    ctx.check("(c) nothing stays reserved", reservedNow(c) === 0, reservedNow(c));
  },
};
