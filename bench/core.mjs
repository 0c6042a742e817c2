// Workloads 1-3: the commit floor (pgbench), the cost of one durable no-op step, and throughput.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import {
  QUICK, REPS, WORK, size, log, pct, sorted, stats, psql, signUp, newWorkspace, pipeline, start, awaitExecution, awaitAll, startAll,
} from "./lib.mjs";

export const FLOOR_SECONDS = QUICK ? 2 : 10;
export const THROUGHPUT_RUNS = size("THROUGHPUT_RUNS", 100, 1000);

// ---------- workload 1: floor ----------
export function floor() {
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
export async function perStep() {
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
  const t0 = performance.now();
  const ids = await startAll(targets, Array.from({ length: runs }, (_, i) => ({ x: i })));
  await awaitAll(ids);
  return (runs * 6) / ((performance.now() - t0) / 1000);
}
export async function throughput() {
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
