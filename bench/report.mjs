// BENCHMARKS.md: the machine, the commands, every workload's median/min/max over its repetitions,
// and each issue-15 target beside its measured ratio.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { HEAVY_REPS, QUICK, psql } from "./lib.mjs";
import { FLOOR_SECONDS, THROUGHPUT_RUNS } from "./core.mjs";
import { LLM_RUNS } from "./llm.mjs";
import { PARKED_RUNS } from "./gates.mjs";
import { SUBSCRIBERS, LIVE_RUNS } from "./live.mjs";
import { versions } from "./peer.mjs";

export function machine() {
  const osRelease = readFileSync("/etc/os-release", "utf8");
  return {
    cpu: `${os.cpus().length} × ${os.cpus()[0].model.trim()}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${/PRETTY_NAME="(.*)"/.exec(osRelease)?.[1] ?? os.type()} (kernel ${os.release()})`,
    jdk: execFileSync("bash", ["-c", "java -version 2>&1 | head -1"], { encoding: "utf8" }).trim(),
    postgres:
      psql("SHOW server_version") +
      ` (fsync ${psql("SHOW fsync")}, synchronous_commit ${psql("SHOW synchronous_commit")}, track_commit_timestamp ${psql("SHOW track_commit_timestamp")})`,
    node: process.version,
    peer: versions(),
    load: os.loadavg().map((x) => x.toFixed(1)).join(", "),
  };
}

const f = (x, d = 1) => (Number.isNaN(x) ? "not taken" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(d));
const row = (name, s, d) => `| ${name} | ${f(s.median, d)} | ${f(s.min, d)} | ${f(s.max, d)} |`;
const check = (ok) => (ok ? "✅" : "❌");
const pctS = (x) => `${(x * 100).toFixed(1)}%`;
const n = (x) => x.toLocaleString("en");

export function report(m, r, wallSeconds, endLoad) {
  const { fl, ps, tp, llm, gates, live, peer } = r;
  const commitMs = 1000 / fl[1].median;
  const stepRatio = ps.noop.perNode.median / commitMs;
  const growthRatio = ps.growth[160].median / ps.growth[20].median;
  const oneRatio = tp.one.median / fl[64].median;
  const tenRatio = tp.ten.median / fl[64].median;
  const peerNode = peer.sync.median / ps.noop.perNode.median;
  const peerSteps = tp.one.median / peer.stepsPerSecond.median;
  const sizes = ["THROUGHPUT_RUNS", "LLM_RUNS", "PARKED_RUNS", "SUBSCRIBERS", "LIVE_RUNS"]
    .filter((k) => process.env[`BENCH_${k}`])
    .map((k) => `\`BENCH_${k}=${process.env[`BENCH_${k}`]}\``);
  const heap = Math.max(gates.heapBytes.median, gates.heapFreedBytes.median);
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  return `# Benchmarks

Written by \`bench/run${QUICK ? " --quick" : ""}\` (issue 15); do not edit by hand, run it again.
${QUICK ? `This is a **quick** run: one repetition of each workload, scaled down (below); min and max equal the median. \`bench/run\` (full) repeats each 3× at full size (workloads 4 and 5 once: minutes each, percentiles over 1,000 and 10,000 runs) and rewrites BENCHMARKS.md; a quick run writes bench/target/BENCHMARKS.quick.md.\n` : ""}
## Machine and versions

| | |
|---|---|
| commit | \`${process.env.BENCH_COMMIT}\` |
| run at | ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC |
| CPU | ${m.cpu} |
| memory | ${m.memory} |
| OS | ${m.os} |
| JDK | ${m.jdk} |
| PostgreSQL | ${m.postgres}, one server shared by pgbench, the service and LangGraph.js |
| Node.js | ${m.node} (drives the service over HTTP and WebSocket, serves the loopback model, runs LangGraph.js) |
| peer | ${m.peer} |
| load average | ${m.load} at the start, ${endLoad} at the end (1, 5, 15 min): the machine is shared, and other work on it moves every figure, the floor most |
| wall time | ${wallSeconds} s for the whole \`bench/run${QUICK ? " --quick" : ""}\`, ${process.env.BENCH_SKIP_BUILD === "1" ? "reusing a built jar" : "Maven build included"} |

## Commands

\`\`\`
bench/run            # full: 3 repetitions each at full size (4 and 5 once); rewrites BENCHMARKS.md
bench/run --quick    # 1 repetition, scaled down, under 2 minutes after the build; writes bench/target/BENCHMARKS.quick.md
\`\`\`

\`bench/run\` builds \`server/target/orchestrate.jar\` (\`mvn -B -q package -pl cli,server -am -DskipTests -Dweb.skip\`,
JDK 25; \`BENCH_SKIP_BUILD=1\` reuses the jar), installs \`bench/\`'s pinned packages (\`npm ci\`), starts a
throwaway PostgreSQL with the system's \`initdb\` (or uses \`ORCHESTRATE_DATABASE_URL\`), the loopback
model server (\`bench/llm-server.mjs\`, as \`ANTHROPIC_BASE_URL\`) and the service on that database with
default settings (\`ORCHESTRATE_MAX_RUNNING_PER_WORKSPACE\` 20, 200 running per instance, pool 20), then
runs \`bench/bench.mjs\`: workload 1 with \`pgbench\`, workloads 2-6 over the service's public HTTP and
WebSocket API, workload 7 in-process with LangGraph.js.
${sizes.length ? `\nThis run changed sizes from the defaults: ${sizes.join(", ")} (see each section's heading).\n` : ""}
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
${[20, 80, 160].map((k) => row(`${k} nodes`, ps.growth[k], 2)).join("\n")}

## 3. Throughput: ${n(THROUGHPUT_RUNS)} runs × 6 no-op nodes started at once, steps per second

| | median | min | max |
|---|---|---|---|
${row("one workspace", tp.one, 0)}
${row("ten workspaces (runs spread evenly)", tp.ten, 0)}

## 4. LLM-bound: ${n(LLM_RUNS)} runs × 6 \`agent_call\` nodes started at once over ten workspaces

The loopback model answers every call with 200 ms to the first token, then 4 deltas 10 ms apart,
in the Messages API's streaming format. Model time per call is measured by that server; a run's
nodes are in a line, so its critical path of model time is the sum of its six calls. Engine time
added = the run's \`finished_at − started_at\` (queueing behind the running caps excluded) minus that.
At most 200 runs execute at once (the service's defaults), so the ${n(LLM_RUNS)} overlap in waves.
${HEAVY_REPS === 1 ? "One repetition (minutes at full size): min and max equal the median.\n" : ""}

| per run | median | min | max |
|---|---|---|---|
${row("engine time added, % of model time (median run)", llm.addedPct, 1)}
${row("engine time added, % of model time (p99 run)", llm.addedPctP99, 1)}
${row("engine time added, ms per run (median run)", llm.addedMs, 1)}
${row("engine time added, ms per node (median run)", llm.addedMsPerNode, 1)}
${row("model time per call, ms (median call)", llm.modelMs, 1)}
${row("model calls per second, whole batch", llm.stepsPerSecond, 0)}
${row("most model calls in flight at once (seen by the model server)", llm.maxInFlight, 0)}
${row("runs with a node called more than once (runner stopped, run taken over; left out above)", llm.rerun, 0)}

## 5. Parked gates: ${n(PARKED_RUNS)} runs waiting at a \`human_gate\`, then all approved

Footprint = the service's figure with the runs parked minus the same just before they were started
(heap used after \`jcmd GC.run\`, from \`jcmd GC.heap_info\`; platform threads from
\`/proc/<pid>/status\`; all threads, virtual ones included, from \`jcmd Thread.dump_to_file -format=json\`),
divided by the runs; a full GC leaves a few hundred KB of noise, so a figure near zero or below it
means nothing measurable is held. Approve → next step = the next node's \`started_at\` (set by the transaction that
starts it) minus the moment its approve request was sent; approvals are sent 16 at a time, so the
resumed runs queue behind the running caps like any others.
${HEAVY_REPS === 1 ? "One repetition (minutes at full size): min and max equal the median.\n" : ""}

| | median | min | max |
|---|---|---|---|
${row("heap per parked run, bytes (parked − before)", gates.heapBytes, 0)}
${row("heap per parked run, bytes (parked − after all finished)", gates.heapFreedBytes, 0)}
${row("platform threads per parked run", gates.platformThreads, 4)}
${row("threads (virtual included) per parked run", gates.allThreads, 4)}
${row("approve → next step, p50 ms", gates.approveP50, 1)}
${row("approve → next step, p99 ms", gates.approveP99, 1)}
${row("approve request, p50 ms", gates.approveCallP50, 1)}
${row("approve request, p99 ms", gates.approveCallP99, 1)}

## 6. Live: ${n(SUBSCRIBERS)} WebSocket subscribers on ${n(LIVE_RUNS)} runs of 40 no-op nodes started at once

commit → frame = a frame's arrival minus its event's commit time (${live.tracked ? "`pg_xact_commit_timestamp`" : "the row's `created_at`: the server does not track commit timestamps"}),
for the frames whose event committed after their socket was open (live, not replayed). The event
rate is what the engine produced (the runs' events over the first to last commit), not a set load:
the target is measured at ~10,000 events/s, so below that rate the figure is optimistic.

| | median | min | max |
|---|---|---|---|
${row("commit → frame, p50 ms", live.p50, 1)}
${row("commit → frame, p99 ms", live.p99, 1)}
${row("commit → frame, max ms", live.max, 1)}
${row("events committed per second", live.eventsPerSecond, 0)}
${row("frames delivered per second", live.framesPerSecond, 0)}
${row("share of frames delivered live, %", { median: live.liveShare.median * 100, min: live.liveShare.min * 100, max: live.liveShare.max * 100 }, 0)}

## 7. Peer: LangGraph.js + PostgresSaver on the graphs of workloads 2 and 3, same database

| | median | min | max |
|---|---|---|---|
${row("40 no-op nodes, ms per node (durability sync)", peer.sync, 2)}
${row("40 no-op nodes, ms per node (durability async, LangGraph's default)", peer.async, 2)}
${row(`${n(THROUGHPUT_RUNS)} runs × 6 nodes at once, steps/s (sync)`, peer.stepsPerSecond, 0)}

## Targets (issue 15)

| target | measured | ratio | |
|---|---|---|---|
| a durable no-op step ≤ 2× the single-client commit time | ${ps.noop.perNode.median.toFixed(2)} ms per node vs ${commitMs.toFixed(3)} ms per commit | ${stepRatio.toFixed(1)}× | ${check(stepRatio <= 2)} |
| ≥ 5× faster per node than LangGraph.js + PostgresSaver on the same graph and database | ${ps.noop.perNode.median.toFixed(2)} vs ${peer.sync.median.toFixed(2)} ms per node (sync) | ${peerNode.toFixed(2)}× | ${check(peerNode >= 5)} |
| (throughput beside LangGraph.js, one workspace; no target) | ${f(tp.one.median, 0)} vs ${f(peer.stepsPerSecond.median, 0)} steps/s | ${peerSteps.toFixed(2)}× | |
| ms per step at 160 nodes ≤ 1.2× that at 20 (16 KB outputs) | ${ps.growth[160].median.toFixed(2)} vs ${ps.growth[20].median.toFixed(2)} ms | ${growthRatio.toFixed(2)}× | ${check(growthRatio <= 1.2)} |
| throughput ≥ 25% of the 64-client insert rate, one workspace | ${f(tp.one.median, 0)} steps/s vs ${f(fl[64].median, 0)} commits/s | ${pctS(oneRatio)} | ${check(oneRatio >= 0.25)} |
| throughput ≥ 25% of the 64-client insert rate, ten workspaces | ${f(tp.ten.median, 0)} steps/s vs ${f(fl[64].median, 0)} commits/s | ${pctS(tenRatio)} | ${check(tenRatio >= 0.25)} |
| engine wall time added ≤ 5% over the model time | ${llm.addedPct.median.toFixed(1)}% (median run) | ${(llm.addedPct.median / 5).toFixed(2)}× the limit | ${check(llm.addedPct.median <= 5)} |
| a parked run holds no thread | ${gates.platformThreads.median.toFixed(4)} platform, ${f(gates.allThreads.median, 4)} in all per run | | ${check((Number.isNaN(gates.allThreads.median) ? gates.platformThreads : gates.allThreads).median < 0.01)} |
| a parked run holds < 10 KB of heap | ${kb(heap)} per run (the larger of the two estimates) | ${(heap / 10240).toFixed(2)}× the limit | ${check(heap < 10240)} |
| approve to next step p99 ≤ 20 ms | ${gates.approveP99.median.toFixed(1)} ms | ${(gates.approveP99.median / 20).toFixed(2)}× the limit | ${check(gates.approveP99.median <= 20)} |
| live commit to frame p99 ≤ 20 ms at ~10,000 events/s | ${live.p99.median.toFixed(1)} ms at ${f(live.eventsPerSecond.median, 0)} events/s | ${(live.p99.median / 20).toFixed(2)}× the limit | ${check(live.p99.median <= 20)}${live.eventsPerSecond.median < 9000 ? " (below the rate)" : ""} |
`;
}
