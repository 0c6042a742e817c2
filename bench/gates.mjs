// Workload 5, parked gates: runs of a human_gate then a no-op node, all started over ten workspaces
// and left waiting at the gate. What the service holds for them is its heap after a full GC (jcmd
// GC.run, then GC.heap_info) and its threads (the kernel's count of platform threads, and every
// thread in a JSON thread dump, virtual ones included), each against the same figure taken just
// before they were started, per parked run. Then every gate is approved (16 requests in flight) and
// approve → next step is the no-op node's started_at minus the moment its approve request was sent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { size, HEAVY_REPS as REPS, QUICK, WORK, log, nowMs, pct, statsOf, rows, uuids, call, pool, workspaces, pipeline, awaitAll, startAll } from "./lib.mjs";

export const PARKED_RUNS = size("PARKED_RUNS", 500, 10_000);
const PID = process.env.BENCH_SERVICE_PID;

const jcmd = (...args) => execFileSync("jcmd", [PID, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
let dumps = 0;
function footprint() {
  jcmd("GC.run");
  const heap = Number(/used (\d+)K/.exec(jcmd("GC.heap_info"))[1]) * 1024;
  const platform = Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${PID}/status`, "utf8"))[1]);
  // Temurin 25.0.3 can crash in the JSON thread dump while virtual threads mount and unmount
  // (SIGSEGV in stackChunkOopDesc::sender, seen once under load): the full run takes it, the quick
  // one that CI runs does not, so a JDK bug cannot fail the build.
  if (QUICK) return { heap, platform, all: NaN };
  const file = `${WORK}/threads-${++dumps}.json`;
  jcmd("Thread.dump_to_file", "-format=json", file);
  const all = (readFileSync(file, "utf8").match(/"tid":/g) ?? []).length;
  return { heap, platform, all };
}

const graph = {
  entry_point: "gate",
  max_steps: 10,
  nodes: [
    { id: "gate", type: "human_gate", label: "Gate", message: "Go on?" },
    { id: "v", type: "validation", label: "After" },
  ],
  edges: [{ from: "gate", to: "v" }],
};

export async function parkedGates() {
  const targets = [];
  for (const user of await workspaces(10)) targets.push({ user, pipeline: await pipeline(user, graph) });
  const reps = [];
  for (let r = 0; r < REPS; r++) reps.push(await parkThenApprove(targets));
  return statsOf(reps);
}

async function parkThenApprove(targets) {
  const before = footprint();
  const ids = await startAll(targets, Array.from({ length: PARKED_RUNS }, (_, i) => ({ x: i })));
  await awaitAll(ids, ["awaiting_approval"]);
  const parked = footprint();
  const one = {
    heapBytes: (parked.heap - before.heap) / PARKED_RUNS,
    platformThreads: (parked.platform - before.platform) / PARKED_RUNS,
    allThreads: (parked.all - before.all) / PARKED_RUNS,
  };
  log(
    `${PARKED_RUNS} parked runs: heap ${(before.heap / 2 ** 20).toFixed(1)} -> ${(parked.heap / 2 ** 20).toFixed(1)} MiB ` +
      `(${one.heapBytes.toFixed(0)} B per run), platform threads ${before.platform} -> ${parked.platform}, ` +
      `all threads ${before.all} -> ${parked.all}`,
  );

  const owner = new Map(ids.map((id, i) => [id, targets[i % targets.length].user]));
  const sent = new Map();
  const callMs = await pool(ids, 16, async (id) => {
    const t = nowMs();
    sent.set(id, t);
    await call("POST", `/orchestrate/executions/${id}/approve`, owner.get(id).token, { node_id: "gate" });
    return nowMs() - t;
  });
  await awaitAll(ids);
  // What finishing them gave back: the other estimate of what parking held, since heap that earlier
  // workloads left to expire can make the first one smaller than the truth (even below zero).
  const after = footprint();
  one.heapFreedBytes = (parked.heap - after.heap) / PARKED_RUNS;
  const latency = rows(
    `SELECT execution_id, extract(epoch FROM started_at) * 1000 FROM pipeline_steps
      WHERE node_id = 'v' AND execution_id = ANY(${uuids(ids)})`,
  ).map(([id, started]) => Number(started) - sent.get(id));
  log(`finished: heap ${(after.heap / 2 ** 20).toFixed(1)} MiB (${one.heapFreedBytes.toFixed(0)} B per run freed)`);
  one.approveP50 = pct(latency, 50);
  one.approveP99 = pct(latency, 99);
  one.approveCallP50 = pct(callMs, 50);
  one.approveCallP99 = pct(callMs, 99);
  log(
    `approve -> next step_start: p50 ${one.approveP50.toFixed(1)} ms, p99 ${one.approveP99.toFixed(1)} ms ` +
      `(the approve call itself p50 ${one.approveCallP50.toFixed(1)}, p99 ${one.approveCallP99.toFixed(1)} ms)`,
  );
  return one;
}
