// Drill 12: an hour of steady mixed load (DRILLS_SOAK_MINUTES shortens it), sampling the service's
// resources as it goes; each must stay flat rather than creep up.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, readdirSync } from "node:fs";
import WebSocket from "ws";
import { Api, TERMINAL } from "./lib/api.mjs";
import { readSse } from "./lib/live.mjs";
import { pct, sleep } from "./lib/process.mjs";

const MINUTES = Number(process.env.DRILLS_SOAK_MINUTES ?? 60);
// One sample a minute; a soak shorter than 10 minutes (while developing) samples every 15 s so
// that each quarter still holds a sample.
const SAMPLE_MS = MINUTES < 10 ? 15_000 : 60_000;
const STARTS_PER_SECOND = 2;
// How much a figure may grow from the second quarter's median to the last quarter's: generous
// enough for a JVM's natural wander (a heap that GC has not yet shrunk, a pool thread or two, a
// p99 on a shared 2-core machine), tight enough that a leak of one object, thread, file or
// connection per request (thousands over the run) cannot hide in it.
const TOLERANCE = {
  "RSS (MiB)": { ratio: 1.25, plus: 32 },
  "heap used after GC (MiB)": { ratio: 1.25, plus: 16 },
  threads: { ratio: 1.1, plus: 8 },
  "open files": { ratio: 1.1, plus: 16 },
  "database connections": { ratio: 1, plus: 3 },
  // The pool keeps its connections open whatever happens; a leak shows as sessions left idle in
  // an open transaction (a connection never given back), which a steady service has few of.
  "database sessions idle in transaction": { ratio: 1.5, plus: 3 },
  "request p99 (ms)": { ratio: 1.5, plus: 25 },
};

export default {
  number: 12,
  title: "Soak",
  proves: `${MINUTES} minutes of steady mixed load on one instance: ${STARTS_PER_SECOND} executions
started a second (a validation and a model call, streamed), and as many reads of executions,
agents and pipelines, a WebSocket and an SSE client replaying a finished execution, and a sign-in.
Every ${SAMPLE_MS / 1000} s the drill samples the service's resident memory and heap used after a
full GC (\`jcmd GC.heap_info\` after \`GC.run\`), its threads (\`/proc/<pid>/status\`), its open files
(\`/proc/<pid>/fd\`), its database connections and those idle in an open transaction (\`pg_stat_activity\`) and the p99 of the REST
requests of that interval. Each must be flat: the last quarter's median within a stated tolerance
of the second quarter's (the first quarter is the warm-up: JIT, pools filling). The tolerances
(${Object.entries(TOLERANCE).map(([k, t]) => `${k} ×${t.ratio} + ${t.plus}`).join("; ")}) allow a
JVM's natural wander but not a leak of one object, thread, file or connection per request, which
over thousands of requests would exceed them many times over. Every execution started must end
completed, and no request may fail after the warm-up quarter.`,
  short: false,
  soak: true,
  async run(ctx) {
    const model = await ctx.model();
    const db = ctx.database();
    // Credits enough for the hour (a signup's default 10,000 lasts about 500 executions).
    const service = await ctx.service(db, { env: { ...model.env, ORCHESTRATE_SIGNUP_CREDITS: "1000000000" }, name: "soak" });
    const api = await new Api(service.url).signUp("soak");
    const pipeline = await api.pipeline(api.workspace, {
      entry_point: "v",
      nodes: [
        { id: "v", type: "validation", label: "V" },
        { id: "a", type: "agent_call", label: "A", agent_slug: "optimist", prompt: "soak" },
      ],
      edges: [{ from: "v", to: "a" }],
    });
    const replayed = await api.start(pipeline, { n: 0 });
    await api.awaitEnd(replayed);

    const latencies = [];
    const started = [];
    const errors = [];
    const timed = async (fn) => {
      const t0 = performance.now();
      const r = await fn();
      latencies.push(performance.now() - t0);
      if (r.status >= 400) errors.push({ sample: samples.length, text: `${r.status} ${r.body.slice(0, 120)}` });
      return r;
    };
    const ws = service.url.replace(/^http/, "ws");
    const replaySocket = () =>
      new Promise((resolve) => {
        const s = new WebSocket(`${ws}/ws/execution/${replayed}?token=${encodeURIComponent(api.token)}`);
        s.on("message", (d) => JSON.parse(String(d)).type === "execution_complete" && s.close());
        s.on("close", resolve);
        s.on("error", resolve);
      });

    const end = Date.now() + MINUTES * 60_000;
    const samples = [];
    const inFlight = new Set();
    const track = (p) => {
      const tracked = p.catch((e) => errors.push({ sample: samples.length, text: String(e) })).finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    // The sampler runs beside the load, so a slow sample (a full GC) neither pauses nor thins it.
    const sampler = (async () => {
      for (let next = Date.now() + SAMPLE_MS; next <= end; next += SAMPLE_MS) {
        await sleep(Math.max(0, next - Date.now()));
        samples.push(await sample(ctx, service, db, latencies.splice(0)));
        ctx.log(`sample ${samples.length}: ${JSON.stringify(samples.at(-1))}`);
      }
    })();
    for (let tick = 0; Date.now() < end; tick++) {
      const second = Date.now();
      for (let i = 0; i < STARTS_PER_SECOND; i++) {
        track(timed(() => api.post("/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { tick } })).then((r) => r.json?.execution_id && started.push(r.json.execution_id)));
        track(timed(() => api.get(`/api/workspaces/${api.workspace}/executions?limit=20`)));
      }
      track(timed(() => api.get(`/api/workspaces/${api.workspace}/agents`)));
      track(timed(() => api.get(`/api/workspaces/${api.workspace}/pipelines`)));
      if (started.length) track(timed(() => api.get(`/orchestrate/executions/${started.at(-1)}`)));
      if (tick % 5 === 0) {
        track(replaySocket());
        track(readSse(`${service.url}/orchestrate/executions/${replayed}/events`, { token: api.token, ms: 300 }));
        track(timed(() => api.post("/api/auth/login", { email: api.email, password: "drill-password-0123456789" })));
      }
      await sleep(Math.max(0, 1000 - (Date.now() - second)));
    }
    await sampler;
    await Promise.all([...inFlight]);

    const finals = await Promise.all(started.map((id) => api.awaitEnd(id, 120_000).catch(() => ({ status: "stuck" }))));
    const ends = finals.map((e) => e.status);
    const failed = finals.filter((e) => e.error);
    if (failed.length) ctx.figure("errors of the executions that failed", summarize(failed.map((e) => `${e.error.code}: ${e.error.message?.slice(0, 80)}`)));
    ctx.figure("minutes of load (DRILLS_SOAK_MINUTES; the drill asks for 60)", MINUTES);
    ctx.figure("executions started", started.length);
    const q = Math.max(1, Math.floor(samples.length / 4));
    const steady = errors.filter((e) => e.sample >= q);
    ctx.figure("REST requests", `${samples.reduce((n, s) => n + s.requests, 0)} (${errors.length} answered 4xx/5xx or failed, ${errors.length - steady.length} of them in the warm-up quarter)`);
    ctx.check("every execution started ends completed", ends.every((s) => s === "completed"), summarize(ends));
    // The warm-up quarter (JIT, pools filling, on a shared machine) may shed load with 503 +
    // Retry-After; after it, nothing may fail.
    ctx.check("no request answered an error after the warm-up quarter", steady.length === 0, steady.slice(0, 3).map((e) => e.text).join(" | "));
    ctx.check("every execution started ended", ends.every((s) => TERMINAL.includes(s)), summarize(ends));

    ctx.check(`at least 4 samples (one per quarter) were taken`, samples.length >= 4, samples.length);
    const second = samples.slice(q, 2 * q);
    const last = samples.slice(samples.length - q);
    for (const [name, tol] of Object.entries(TOLERANCE)) {
      const a = median(second.map((s) => s[name]));
      const b = median(last.map((s) => s[name]));
      const limit = a * tol.ratio + tol.plus;
      ctx.figure(name, `${samples.map((s) => s[name]).join(", ")} (2nd quarter ${a}, last ${b}, limit ${limit.toFixed(0)})`);
      ctx.check(`${name} is flat: last quarter's median ${b} ≤ ${limit.toFixed(0)}`, b <= limit, `second quarter ${a}`);
    }
  },
};

async function sample(ctx, service, db, latencies) {
  const status = readFileSync(`/proc/${service.pid}/status`, "utf8");
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)`, "m"))[1]);
  // A full GC first, so that heap used is what is live rather than where the sawtooth happens to be.
  await run("jcmd", [String(service.pid), "GC.run"]);
  const heapInfo = (await run("jcmd", [String(service.pid), "GC.heap_info"])).stdout;
  const used = heapInfo.match(/used (\d+)K/);
  return {
    "RSS (MiB)": Math.round(field("VmRSS") / 1024),
    "heap used after GC (MiB)": used ? Math.round(Number(used[1]) / 1024) : NaN,
    threads: field("Threads"),
    "open files": readdirSync(`/proc/${service.pid}/fd`).length,
    "database connections": Number(ctx.pg.psql("postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}'`)[0][0]),
    "database sessions idle in transaction": Number(ctx.pg.psql("postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}' AND state LIKE 'idle in transaction%'`)[0][0]),
    "request p99 (ms)": Math.round(pct(latencies, 99)),
    requests: latencies.length,
  };
}

const run = promisify(execFile);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summarize = (xs) => Object.entries(xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {})).map(([k, v]) => `${k}×${v}`).join(", ");
