// What every workload shares: the service's public HTTP API (sign-up, workspaces, pipelines, start,
// execution), psql against the shared PostgreSQL, and the statistics.
import { execFileSync } from "node:child_process";

export const MODE = process.env.BENCH_MODE ?? "quick";
export const QUICK = MODE === "quick";
export const URL = process.env.BENCH_URL;
export const WORK = process.env.BENCH_WORK;
export const REPS = QUICK ? 1 : 3;
// Workloads 4 and 5 run once even in a full run: at full size each takes minutes, and their
// figures are percentiles over 1,000 and 10,000 runs already.
export const HEAVY_REPS = 1;
/** A workload's size: BENCH_<NAME> if set (to try a change at another scale), else by mode. */
export const size = (name, quick, full) => Number(process.env[`BENCH_${name}`] ?? (QUICK ? quick : full));
export const TERMINAL = ["completed", "failed", "cancelled", "rejected"];

export const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond precision, comparable with PostgreSQL's clock. */
export const nowMs = () => performance.timeOrigin + performance.now();
export const sorted = (xs) => [...xs].sort((a, b) => a - b);
export const pct = (xs, p) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
export const stats = (xs) => ({ median: pct(xs, 50), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
/** Each repetition's figures ({key: number}) as {key: stats over the repetitions}. */
export const statsOf = (reps) => Object.fromEntries(Object.keys(reps[0]).map((k) => [k, stats(reps.map((r) => r[k]))]));
// The SQL goes in on stdin: id lists of thousands of runs are longer than one argument may be.
export const psql = (sql) =>
  execFileSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"], {
    encoding: "utf8",
    input: sql,
    maxBuffer: 1 << 30,
    env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" }, // no NOTICEs from IF EXISTS
  }).trim();
export const rows = (sql) => {
  const text = psql(sql);
  return text ? text.split("\n").map((line) => line.split("|")) : [];
};
export const uuids = (ids) => `'{${ids.join(",")}}'::uuid[]`;

/** Runs fn over items with at most `width` in flight. */
export async function pool(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// ---------- HTTP ----------
export async function call(method, path, token, body) {
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
export async function signUp() {
  const r = await call("POST", "/api/auth/signup", null, {
    email: `bench-${process.pid}-${++users}-${Date.now()}@bench.example`,
    password: "bench-password-0123456789",
    name: "Bench",
  });
  return { token: r.access_token, ws: r.workspace.id };
}
export async function newWorkspace(user, i) {
  const r = await call("POST", "/api/workspaces", user.token, { name: `Bench ${i} ${Date.now()}` });
  return { token: user.token, ws: r.id };
}
/** The owner and n workspaces of theirs (the per-workspace running cap is 20). */
export async function workspaces(n) {
  const owner = await signUp();
  const out = [];
  for (let w = 0; w < n; w++) out.push(await newWorkspace(owner, w));
  return out;
}
// n no-op validation nodes in a line: with no schema a validation node checks the input is a
// non-empty object and outputs it, so the input's size is every step's output size.
export function linear(n, node = (i) => ({ id: `v${i}`, type: "validation", label: `V${i}` })) {
  const nodes = Array.from({ length: n }, (_, i) => node(i));
  const edges = nodes.slice(1).map((next, i) => ({ from: nodes[i].id, to: next.id }));
  return { entry_point: nodes[0].id, max_steps: n + 10, nodes, edges };
}
let pipelines = 0;
/** Saves a pipeline (a graph, or n no-op nodes in a line); answers its id. */
export async function pipeline(user, graph) {
  const g = typeof graph === "number" ? linear(graph) : graph;
  const r = await call("POST", `/api/workspaces/${user.ws}/pipelines`, user.token, {
    slug: `bench_${++pipelines}_${Date.now()}`,
    name: `Bench ${g.nodes.length} nodes`,
    graph_definition: g,
  });
  return r.id;
}
export const start = (user, pipelineId, input) =>
  call("POST", "/orchestrate/pipeline/start", user.token, { pipeline_id: pipelineId, input }).then((r) => r.execution_id);
export async function awaitExecution(user, id, timeoutMs = 300_000) {
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
/** Polls the shared database until every run in ids has one of the statuses; throws on a failed one. */
export async function awaitAll(ids, statuses = ["completed"], timeoutMs = 1_800_000) {
  const deadline = Date.now() + timeoutMs;
  const want = statuses.map((s) => `'${s}'`).join(",");
  for (;;) {
    const [done, bad] = psql(
      `SELECT count(*) FILTER (WHERE status IN (${want})),
              count(*) FILTER (WHERE status IN ('failed','cancelled','rejected') AND status NOT IN (${want}))
         FROM pipeline_executions WHERE id = ANY(${uuids(ids)})`,
    ).split("|").map(Number);
    if (bad) {
      const [err] = psql(`SELECT status || ' ' || coalesce(error::text, '') FROM pipeline_executions
                            WHERE id = ANY(${uuids(ids)}) AND status IN ('failed','cancelled','rejected') LIMIT 1`).split("\n");
      throw new Error(`${bad} of ${ids.length} runs ended badly, e.g. ${err}`);
    }
    if (done === ids.length) return;
    if (Date.now() > deadline) throw new Error(`only ${done} of ${ids.length} runs reached ${statuses}`);
    await sleep(100);
  }
}
/** Starts one run per input over the targets ({user, pipeline}) in turn, 16 requests in flight. */
export const startAll = (targets, inputs) =>
  pool(inputs, 16, (input, i) => start(targets[i % targets.length].user, targets[i % targets.length].pipeline, input));
