// The benchmark program bench/run starts once the PostgreSQL and the service are up. Workload 1 runs
// pgbench against that PostgreSQL; workloads 2 and 3 drive the running service over its public HTTP
// API only (sign-up, pipelines, start, execution), so they measure what a client sees, and any engine
// change can be measured without touching this file. Writes BENCHMARKS.md at the repo root.
import { execFileSync } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";
import os from "node:os";

const MODE = process.env.BENCH_MODE ?? "quick";
const QUICK = MODE === "quick";
const URL = process.env.BENCH_URL;
const WORK = process.env.BENCH_WORK;
const REPS = QUICK ? 1 : 3;
const FLOOR_SECONDS = QUICK ? 3 : 10;
const THROUGHPUT_RUNS = QUICK ? 100 : 1000;
const TERMINAL = ["completed", "failed", "cancelled", "rejected"];

const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const stats = (xs) => ({ median: pct(xs, 50), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
const psql = (sql) => execFileSync("psql", ["-X", "-q", "-A", "-t", "-c", sql], { encoding: "utf8" }).trim();

// ---------- HTTP ----------
async function call(method, path, token, body) {
  const res = await fetch(URL + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
let users = 0;
async function signUp() {
  const r = await call("POST", "/api/auth/signup", null, {
    email: `bench-${process.pid}-${++users}-${Date.now()}@bench.example`,
    password: "bench-password-0123456789",
    name: "Bench",
  });
  return { token: r.access_token, ws: r.workspace.id };
}
async function newWorkspace(user, i) {
  const r = await call("POST", "/api/workspaces", user.token, { name: `Bench ${i} ${Date.now()}` });
  return { token: user.token, ws: r.id };
}
// n no-op validation nodes in a line: with no schema a validation node checks the input is a
// non-empty object and outputs it, so the input's size is every step's output size.
function linear(n) {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `v${i}`, type: "validation", label: `V${i}` }));
  const edges = nodes.slice(1).map((node, i) => ({ from: `v${i}`, to: node.id }));
  return { entry_point: "v0", max_steps: n + 10, nodes, edges };
}
let pipelines = 0;
async function pipeline(user, n) {
  const r = await call("POST", `/api/workspaces/${user.ws}/pipelines`, user.token, {
    slug: `bench_${++pipelines}_${Date.now()}`,
    name: `Bench ${n} nodes`,
    graph_definition: linear(n),
  });
  return r.id;
}
const start = (user, pipelineId, input) =>
  call("POST", "/orchestrate/pipeline/start", user.token, { pipeline_id: pipelineId, input }).then((r) => r.execution_id);
async function awaitExecution(user, id, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await call("GET", `/orchestrate/executions/${id}`, user.token);
    if (TERMINAL.includes(e.status)) {
      if (e.status !== "completed") throw new Error(`execution ${id} ended ${e.status}: ${JSON.stringify(e.error)}`);
      return e;
    }
    if (Date.now() > deadline) throw new Error(`execution ${id} still ${e.status}`);
    await sleep(50);
  }
}

// ---------- workload 1: floor ----------
function floor() {
  psql("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, v int NOT NULL)");
  writeFileSync(`${WORK}/insert.sql`, "INSERT INTO bench_floor (v) VALUES (1);\n");
  const out = {};
  for (const clients of [1, 8, 64]) {
    const runs = [];
    for (let r = 0; r < REPS; r++) {
      const text = execFileSync(
        "pgbench",
        ["-n", "-f", `${WORK}/insert.sql`, "-c", `${clients}`, "-j", `${Math.min(clients, os.cpus().length)}`, "-T", `${FLOOR_SECONDS}`],
        { encoding: "utf8" },
      );
      runs.push(Number(/tps = ([\d.]+)/.exec(text)[1]));
    }
    out[clients] = stats(runs);
    log(`floor ${clients} clients: ${out[clients].median.toFixed(0)} commits/s`);
  }
  psql("DROP TABLE bench_floor"); // leaves an ORCHESTRATE_DATABASE_URL database as it was
  return out;
}

// ---------- workload 2: per step ----------
// ms per step: the gaps between consecutive step finishes (the first from the run's start), which
// includes everything the engine does between two no-op steps; ms per node: run duration / nodes.
async function linearRun(user, n, input) {
  const pid = await pipeline(user, n);
  const e = await awaitExecution(user, await start(user, pid, input));
  const finishes = sorted(e.steps.map((s) => Date.parse(s.finished_at)));
  const gaps = finishes.map((f, i) => f - (i === 0 ? Date.parse(e.started_at) : finishes[i - 1]));
  if (e.steps.length !== n) throw new Error(`expected ${n} steps, got ${e.steps.length}`);
  return { perNode: e.duration_ms / n, p50: pct(gaps, 50), p99: pct(gaps, 99) };
}
async function perStep() {
  const user = await signUp();
  // Warm-up (JIT, pools, caches): with one 10-node run the first measured run was still 2-5x slower.
  for (let i = 0; i < 3; i++) await linearRun(user, 40, { x: 1 });
  const noop = { perNode: [], p50: [], p99: [] };
  const growth = { 20: [], 80: [], 160: [] };
  const big = { pad: "x".repeat(16 * 1024) };
  for (let r = 0; r < REPS; r++) {
    const one = await linearRun(user, 40, { x: 1 });
    for (const k of Object.keys(noop)) noop[k].push(one[k]);
    log(`40 no-op nodes: ${one.perNode.toFixed(2)} ms/node, step p50 ${one.p50} p99 ${one.p99} ms`);
    for (const n of [20, 80, 160]) {
      const g = await linearRun(user, n, big);
      growth[n].push(g.perNode);
      log(`${n} nodes, 16 KB outputs: ${g.perNode.toFixed(2)} ms/node`);
    }
  }
  return {
    noop: Object.fromEntries(Object.entries(noop).map(([k, v]) => [k, stats(v)])),
    growth: Object.fromEntries(Object.entries(growth).map(([k, v]) => [k, stats(v)])),
  };
}

// ---------- workload 3: throughput ----------
// All runs are started at once (16 start requests in flight), then the shared database is polled for
// how many have ended: steps/s = runs × 6 / (last end − first start request).
async function batch(targets, runs) {
  const ids = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < runs) {
        const i = next++;
        const t = targets[i % targets.length];
        ids.push(await start(t.user, t.pipeline, { x: i }));
      }
    }),
  );
  const list = `'{${ids.join(",")}}'::uuid[]`;
  const deadline = Date.now() + 1_800_000;
  for (;;) {
    const [ended, failed] = psql(
      `SELECT count(*) FILTER (WHERE status IN ('completed','failed','cancelled','rejected')),
              count(*) FILTER (WHERE status <> 'completed' AND status IN ('failed','cancelled','rejected'))
         FROM pipeline_executions WHERE id = ANY(${list})`,
    ).split("|").map(Number);
    if (ended === runs) {
      if (failed) throw new Error(`${failed} of ${runs} runs did not complete`);
      return (runs * 6) / ((performance.now() - t0) / 1000);
    }
    if (Date.now() > deadline) throw new Error(`only ${ended} of ${runs} runs ended`);
    await sleep(100);
  }
}
async function throughput() {
  const owner = await signUp();
  const out = { one: [], ten: [] };
  for (let r = 0; r < REPS; r++) {
    const one = [{ user: owner, pipeline: await pipeline(owner, 6) }];
    out.one.push(await batch(one, THROUGHPUT_RUNS));
    log(`${THROUGHPUT_RUNS} runs x 6 nodes, one workspace: ${out.one.at(-1).toFixed(0)} steps/s`);
    const ten = [];
    for (let w = 0; w < 10; w++) {
      const user = await newWorkspace(owner, w);
      ten.push({ user, pipeline: await pipeline(user, 6) });
    }
    out.ten.push(await batch(ten, THROUGHPUT_RUNS));
    log(`${THROUGHPUT_RUNS} runs x 6 nodes, ten workspaces: ${out.ten.at(-1).toFixed(0)} steps/s`);
  }
  return { one: stats(out.one), ten: stats(out.ten) };
}

// ---------- BENCHMARKS.md ----------
function machine() {
  const osRelease = readFileSync("/etc/os-release", "utf8");
  const java = execFileSync("java", ["-version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  let javaLine;
  try {
    javaLine = execFileSync("bash", ["-c", "java -version 2>&1 | head -1"], { encoding: "utf8" }).trim();
  } catch {
    javaLine = java;
  }
  return {
    cpu: `${os.cpus().length} × ${os.cpus()[0].model.trim()}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${/PRETTY_NAME="(.*)"/.exec(osRelease)?.[1] ?? os.type()} (kernel ${os.release()})`,
    jdk: javaLine,
    postgres: psql("SHOW server_version") + ` (fsync ${psql("SHOW fsync")}, synchronous_commit ${psql("SHOW synchronous_commit")})`,
    node: process.version,
    load: os.loadavg().map((x) => x.toFixed(1)).join(", "),
  };
}
const f = (x, d = 1) => (x >= 100 ? x.toFixed(0) : x.toFixed(d));
const row = (name, s, d) => `| ${name} | ${f(s.median, d)} | ${f(s.min, d)} | ${f(s.max, d)} |`;
const check = (ok) => (ok ? "✅" : "❌");

function report(m, fl, ps, tp, wallSeconds) {
  const commitMs = 1000 / fl[1].median;
  const stepRatio = ps.noop.perNode.median / commitMs;
  const growthRatio = ps.growth[160].median / ps.growth[20].median;
  const oneRatio = tp.one.median / fl[64].median;
  const tenRatio = tp.ten.median / fl[64].median;
  const pctS = (x) => `${(x * 100).toFixed(1)}%`;
  return `# Benchmarks

Written by \`bench/run${QUICK ? " --quick" : ""}\` (issue 15); do not edit by hand, run it again.
${QUICK ? "This is a **quick** run: one repetition of each workload, 100-run throughput batches, 3 s pgbench runs; min and max equal the median. `bench/run` (full) repeats each 3× with 1,000-run batches.\n" : ""}
## Machine and versions

| | |
|---|---|
| commit | \`${process.env.BENCH_COMMIT}\` |
| run at | ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC |
| CPU | ${m.cpu} |
| memory | ${m.memory} |
| OS | ${m.os} |
| JDK | ${m.jdk} |
| PostgreSQL | ${m.postgres}, one server shared by pgbench and the service |
| Node.js | ${m.node} (drives the service over HTTP) |
| load average at start | ${m.load} (1, 5, 15 min): other work on the machine moves every figure, the floor most |
| wall time | ${wallSeconds} s for the whole \`bench/run${QUICK ? " --quick" : ""}\`, ${process.env.BENCH_SKIP_BUILD === "1" ? "reusing a built jar" : "Maven build included"} |

## Commands

\`\`\`
bench/run            # full: 3 repetitions each, 1,000-run throughput batches
bench/run --quick    # 1 repetition, 100-run batches, under 2 minutes after the build
\`\`\`

\`bench/run\` builds \`server/target/orchestrate.jar\` (\`mvn -B -q package -pl cli,server -am -DskipTests -Dweb.skip\`,
JDK 25; \`BENCH_SKIP_BUILD=1\` reuses the jar), starts a throwaway PostgreSQL with the system's
\`initdb\` (or uses \`ORCHESTRATE_DATABASE_URL\`), starts the service on it with default settings
(\`ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE\` 20, pool 20), then runs \`bench/bench.mjs\`: workload 1 with
\`pgbench\` against that database, workloads 2 and 3 over the service's public HTTP API.

## 1. Floor: one-row INSERT commits per second (pgbench, ${FLOOR_SECONDS} s per run)

| clients | median | min | max |
|---|---|---|---|
${[1, 8, 64].map((c) => row(`${c}`, fl[c], 0)).join("\n")}

One single-client commit: ${commitMs.toFixed(3)} ms.

## 2. Per step: linear pipelines of no-op \`validation\` nodes, one run at a time

ms per node = the run's \`duration_ms\` / nodes; step p50/p99 = the gaps between consecutive step
\`finished_at\` (the first from the run's \`started_at\`), from \`GET /orchestrate/executions/{id}\`
(millisecond timestamps, so small gaps are coarse).

| 40 nodes, no-op (input \`{"x":1}\`) | median | min | max |
|---|---|---|---|
${row("ms per node", ps.noop.perNode, 2)}
${row("ms per step, p50", ps.noop.p50, 2)}
${row("ms per step, p99", ps.noop.p99, 2)}

| growth: 16 KB outputs, ms per node | median | min | max |
|---|---|---|---|
${[20, 80, 160].map((n) => row(`${n} nodes`, ps.growth[n], 2)).join("\n")}

## 3. Throughput: ${THROUGHPUT_RUNS.toLocaleString("en")} runs × 6 no-op nodes started at once, steps per second

| | median | min | max |
|---|---|---|---|
${row("one workspace", tp.one, 0)}
${row("ten workspaces (runs spread evenly)", tp.ten, 0)}

## Targets (issue 15)

| target | measured | ratio | |
|---|---|---|---|
| a durable no-op step ≤ 2× the single-client commit time | ${ps.noop.perNode.median.toFixed(2)} ms per node vs ${commitMs.toFixed(3)} ms per commit | ${stepRatio.toFixed(1)}× | ${check(stepRatio <= 2)} |
| ≥ 5× faster per node than LangGraph.js + PostgresSaver on the same graph and database | not measured yet (workload 7) | | |
| ms per step at 160 nodes ≤ 1.2× that at 20 (16 KB outputs) | ${ps.growth[160].median.toFixed(2)} vs ${ps.growth[20].median.toFixed(2)} ms | ${growthRatio.toFixed(2)}× | ${check(growthRatio <= 1.2)} |
| throughput ≥ 25% of the 64-client insert rate, one workspace | ${f(tp.one.median, 0)} steps/s vs ${f(fl[64].median, 0)} commits/s | ${pctS(oneRatio)} | ${check(oneRatio >= 0.25)} |
| throughput ≥ 25% of the 64-client insert rate, ten workspaces | ${f(tp.ten.median, 0)} steps/s vs ${f(fl[64].median, 0)} commits/s | ${pctS(tenRatio)} | ${check(tenRatio >= 0.25)} |
| engine wall time added ≤ 5% over the model time | not measured yet (workload 4) | | |
| a parked run holds no thread and < 10 KB of heap | not measured yet (workload 5) | | |
| approve to next step p99 ≤ 20 ms | not measured yet (workload 5) | | |
| live commit to frame p99 ≤ 20 ms | not measured yet (workload 6) | | |

## Not measured yet

4. LLM-bound: 1,000 concurrent 6-node pipelines against the loopback LLM server (200 ms to first token).
5. Parked gates: 10,000 runs waiting at a gate (heap, threads), approve all (approve to next step p50/p99).
6. Live: 1,000 WebSocket subscribers, commit to frame p99 at 10,000 events a second.
7. Peer: workloads 2 and 3 on LangGraph.js with \`@langchain/langgraph-checkpoint-postgres\` against the same database.
`;
}

const m = machine();
log(`mode ${MODE}; service ${URL}; PostgreSQL ${m.postgres}`);
const fl = floor();
const ps = await perStep();
const tp = await throughput();
const wall = Math.round(Date.now() / 1000 - Number(process.env.BENCH_STARTED));
const root = new globalThis.URL("..", import.meta.url).pathname;
writeFileSync(`${root}BENCHMARKS.md`, report(m, fl, ps, tp, wall));
log(`wrote BENCHMARKS.md (${wall} s since bench/run started)`);
