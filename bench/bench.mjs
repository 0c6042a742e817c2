// The benchmark program bench/run starts once PostgreSQL, the loopback model server and the service
// are up. Workload 1 runs pgbench against that PostgreSQL; workloads 2-6 drive the running service
// over its public HTTP and WebSocket API only, so they measure what a client sees and any engine
// change can be measured without touching them; workload 7 runs LangGraph.js in this process against
// the same database. A full run rewrites BENCHMARKS.md at the repo root; a quick one writes
// bench/target/BENCHMARKS.quick.md (BENCHMARKS.md keeps the last full run).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { MODE, QUICK, URL, log } from "./lib.mjs";
import { floor, perStep, throughput } from "./core.mjs";
import { llmBound } from "./llm.mjs";
import { parkedGates } from "./gates.mjs";
import { live } from "./live.mjs";
import { peer } from "./peer.mjs";
import { machine, report } from "./report.mjs";

const m = machine();
log(`mode ${MODE}; service ${URL}; PostgreSQL ${m.postgres}; load ${m.load}`);
// BENCH_ONLY=llm,gates runs only those workloads and writes no report (for working on one).
const only = process.env.BENCH_ONLY?.split(",");
const workloads = { fl: floor, ps: perStep, tp: throughput, llm: llmBound, gates: parkedGates, live, peer };
const r = {};
for (const [key, run] of Object.entries(workloads)) if (!only || only.includes(key)) r[key] = await run();
if (only) process.exit(0);
const wall = Math.round(Date.now() / 1000 - Number(process.env.BENCH_STARTED));
const endLoad = os.loadavg().map((x) => x.toFixed(1)).join(", ");
const root = new globalThis.URL("..", import.meta.url).pathname;
let out = `${root}BENCHMARKS.md`;
if (QUICK) {
  mkdirSync(process.env.BENCH_OUT, { recursive: true });
  out = `${process.env.BENCH_OUT}/BENCHMARKS.quick.md`;
}
writeFileSync(out, report(m, r, wall, endLoad));
log(`wrote ${out} (${wall} s since bench/run started)`);
process.exit(0); // fetch keep-alive sockets would hold the process a few seconds more
