// Drill 2: three instances on one database, no sticky routing; two of them die with SIGKILL while
// they run executions, and the survivor finishes everything, never running a step twice at once,
// while the clients' sessions keep working on whichever instance answers.
import { Api } from "./lib/api.mjs";
import { pool, sleep, until } from "./lib/process.mjs";
import { approver, awaitAll, checkAftermath, leasesLost, setUp } from "./lib/workload.mjs";

const ENGINE = { ORCHESTRATE_ENGINE_LEASE: "5s", ORCHESTRATE_ENGINE_HEARTBEAT: "1s", ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE: "40" };

/**
 * A client that sends each request to an instance picked at random, as a load balancer without
 * sticky sessions does; a request that finds its instance dead (connection refused or cut) is sent
 * again to another pick. Counts what each instance answered and every 401.
 */
class SpreadApi extends Api {
  constructor(urls, token, stats) {
    super(urls[0], token);
    this.urls = urls;
    this.stats = stats;
  }

  as(token) {
    return new SpreadApi(this.urls, token, this.stats);
  }

  async call(method, path, body, o) {
    for (let tries = 1; ; tries++) {
      const url = this.urls[Math.floor(Math.random() * this.urls.length)];
      try {
        const r = await new Api(url, this.token).call(method, path, body, o);
        this.stats.answered[url] = (this.stats.answered[url] ?? 0) + 1;
        if (r.status === 401) this.stats.unauthorized.push(`${method} ${path} on ${url}`);
        return r;
      } catch (e) {
        this.stats.resent++;
        if (tries >= 100) throw e;
        await sleep(20);
      }
    }
  }
}

export default {
  number: 2,
  title: "Failover",
  proves: `Three instances of the service share one database (and the master key); every request of
the drill's client goes to one of them picked at random (no sticky routing; a request that meets a
dead instance is sent to another pick, and starts carry an idempotency key so a resent one cannot
start twice). The drill starts 60 executions of the crash drill's workload (parallel model calls on
the loopback Anthropic server, a simulated tool call, a human gate it approves, a run budget), keeps
starting 60 more while it SIGKILLs the instance that signed the client's token at a random moment
when it runs executions, then a second instance likewise; the instances run with
\`ORCHESTRATE_ENGINE_LEASE=5s\`, \`ORCHESTRATE_ENGINE_HEARTBEAT=1s\` and named leases
(\`ORCHESTRATE_ENGINE_INSTANCE_ID\`). Checks: each killed instance held running executions when it
died (the control that failover was exercised); every execution ends \`completed\`, those the dead
instances held and those still running after the second kill included (finished by the survivor,
the only process left); no agent of any step had two model calls open at the same time at the
model server (no step ran twice at once); the aftermath checks of drill 1 (one completion and one
charge per step, model calls against the ledger, usage = total_cost, gap-free event seqs, nothing
left reserved); and the session: the one token, signed by the first instance killed, was refused
on no request to any instance, before or after that instance died, while a token with an altered
signature is refused by the survivor (the control that the door checks).`,
  short: false,
  async run(ctx) {
    const model = await ctx.model();
    await model.faults({ rate: 0, firstTokenMs: 300 });
    const db = await ctx.database();
    const sql = (q) => ctx.pg.psql(db, q);
    const service = (name) => ctx.service(db, { env: { ...model.env, ...ENGINE, ORCHESTRATE_ENGINE_INSTANCE_ID: name }, name });
    // The first migrates the database; the other two start together on it.
    const first = await service("fo-1");
    const [second, third] = await Promise.all([service("fo-2"), service("fo-3")]);
    const instances = [first, second, third];
    const stats = { answered: {}, unauthorized: [], resent: 0 };
    const signed = await new Api(first.url).signUp("failover"); // the session: signed by fo-1
    const api = new SpreadApi(instances.map((s) => s.url), signed.token, stats);
    api.workspace = signed.workspace;
    const ws = signed.workspace;
    const pipeline = await setUp(api);

    const tags = new Map();
    let started = 0;
    const start = async () => {
      const i = started++;
      const r = await api.ok("POST", "/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { tag: `f${i}` }, budget: 1000, idempotency_key: `drill-f${i}` });
      tags.set(r.execution_id, `f${i}`);
      return r.execution_id;
    };
    const ids = await pool([...Array(60).keys()], 8, start);
    ctx.log(`started ${ids.length} executions over ${instances.length} instances`);
    const approvals = approver(sql, () => api);
    const more = pool([...Array(60).keys()], 2, async () => ids.push(await start()));

    const owned = (name) => Number(sql(`SELECT count(*) FROM pipeline_executions WHERE owner = '${name}' AND status = 'running'`)[0][0]);
    const held = [];
    let afterSecond = 0;
    let secondKilledAt = null;
    for (const victim of [first, second]) {
      await sleep(3000 + Math.random() * 5000); // the random moment (the scenario, not a wait)
      const n = await until(`${victim.name} to run executions`, () => owned(victim.name) || null, 120_000, 50).catch(() => 0);
      const holding = sql(`SELECT id FROM pipeline_executions WHERE owner = '${victim.name}' AND status IN ('queued', 'running')`).map((r) => r[0]);
      await victim.kill();
      held.push({ name: victim.name, running: n, ids: holding });
      ctx.log(`SIGKILL ${victim.name} while it ran ${n} executions`);
      if (victim === second) {
        secondKilledAt = sql(`SELECT now()`)[0][0];
        afterSecond = Number(sql(`SELECT count(*) FROM pipeline_executions WHERE workspace_id = '${ws}' AND status NOT IN ('completed', 'failed', 'cancelled', 'rejected')`)[0][0]);
      }
    }
    await more;
    const ends = await awaitAll(ids, () => api, pool);
    await approvals.stop();

    ctx.figure("executions", ids.length);
    ctx.figure("executions running on each killed instance when it died", held.map((h) => `${h.name}: ${h.running}`).join(", "));
    ctx.figure("gates approved", approvals.count);
    ctx.figure("requests answered per instance", instances.map((s) => `${s.name}: ${stats.answered[s.url] ?? 0}`).join(", "));
    ctx.figure("requests resent after meeting a dead instance", stats.resent);
    ctx.check("each killed instance held running executions when it died", held.every((h) => h.running > 0), JSON.stringify(held.map((h) => [h.name, h.running])));
    const endOf = new Map(ends.map((e) => [e.id, e.status]));
    const orphaned = held.flatMap((h) => h.ids);
    ctx.check("every execution the dead instances held ended completed", orphaned.every((id) => endOf.get(id) === "completed"),
      `${orphaned.filter((id) => endOf.get(id) === "completed").length} of ${orphaned.length}`);
    const finishedBySurvivor = Number(sql(`SELECT count(*) FROM pipeline_executions WHERE workspace_id = '${ws}' AND finished_at > '${secondKilledAt}'`)[0][0]);
    ctx.figure("executions unfinished at the second kill", afterSecond);
    ctx.figure("executions finished after the second kill (by the survivor alone)", finishedBySurvivor);
    ctx.check("executions were left to the survivor and it finished them", afterSecond > 0 && finishedBySurvivor >= afterSecond, `${finishedBySurvivor} of ${afterSecond}`);

    const served = await checkAftermath(ctx, { sql, ws, ids, tags, ends, model });
    ctx.figure("leases a live instance lost (heartbeat late)", instances.reduce((n, s) => n + leasesLost(s.log()), 0));

    // No step ran twice at once: per step and agent, the model server never had two calls open.
    const byAgent = new Map();
    for (const s of served.spans) {
      const key = `${s.tag}:${s.agent}`;
      if (!byAgent.has(key)) byAgent.set(key, []);
      byAgent.get(key).push(s);
    }
    const overlaps = [];
    for (const [key, spans] of byAgent) {
      spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) {
        const prev = spans[i - 1];
        if (prev.end === null || spans[i].start < prev.end) overlaps.push({ key, prev, next: spans[i] });
      }
    }
    const repeated = [...byAgent.values()].filter((s) => s.length > 1).length;
    ctx.figure("model calls (all, ended or cut)", served.spans.length);
    ctx.figure("model calls cut by a kill", served.spans.filter((s) => !s.completed).length);
    ctx.figure("step agents with more than one call (an attempt cut by a kill, then run again)", repeated);
    ctx.check("every call names its step and agent", served.spans.every((s) => s.tag && s.agent), "");
    ctx.check("no step's agent had two model calls open at once", overlaps.length === 0, JSON.stringify(overlaps.slice(0, 3)));

    // The session: one token throughout, refused nowhere; an altered one refused by the survivor.
    const survivor = new Api(third.url, signed.token);
    ctx.check("the token signed by the first instance killed was refused on no request, on any instance", stats.unauthorized.length === 0,
      stats.unauthorized.slice(0, 5).join("; "));
    const after = await survivor.get(`/api/workspaces/${ws}/pipelines`);
    ctx.check("the survivor accepts that token after its signer died", after.status === 200, `${after.status}`);
    const [h, p, sig] = signed.token.split(".");
    const altered = `${h}.${p}.${sig.slice(0, -4)}${sig.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const refused = await survivor.as(altered).get(`/api/workspaces/${ws}/pipelines`);
    ctx.check("control: the survivor refuses the token with an altered signature", refused.status === 401, `${refused.status}`);
  },
};
