// Workload 7, the peer: the graphs of workloads 2 and 3 on LangGraph.js, checkpointed by
// PostgresSaver into its own schema of the same PostgreSQL, in this process. Each node hands its
// state on unchanged, as a no-op validation node outputs its input, so every step writes a
// checkpoint and its channel values. durability "sync" saves each step's checkpoint before the next
// step starts, as Orchestrate commits each step before the next; LangGraph's default ("async", saved
// while the next step runs) is measured beside it for the per-node figure.
import pg from "pg";
import { Annotation, StateGraph, START, END } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createRequire } from "node:module";
import { QUICK, REPS, log, psql, statsOf } from "./lib.mjs";
import { THROUGHPUT_RUNS } from "./core.mjs";

const SCHEMA = "langgraph_bench";
const require = createRequire(import.meta.url);
export const versions = () =>
  ["@langchain/langgraph", "@langchain/langgraph-checkpoint-postgres", "@langchain/core", "pg"]
    .map((p) => `${p} ${require(`${p}/package.json`).version}`)
    .join(", ");

function chain(n, checkpointer) {
  const State = Annotation.Root({ x: Annotation(), pad: Annotation() });
  let g = new StateGraph(State);
  for (let i = 0; i < n; i++) g = g.addNode(`v${i}`, (state) => ({ x: state.x, pad: state.pad }));
  g = g.addEdge(START, "v0");
  for (let i = 1; i < n; i++) g = g.addEdge(`v${i - 1}`, `v${i}`);
  return g.addEdge(`v${n - 1}`, END).compile({ checkpointer });
}

let threads = 0;
async function timed(graph, input, durability) {
  const t0 = performance.now();
  await graph.invoke(input, { configurable: { thread_id: `bench-${++threads}` }, durability, recursionLimit: 1000 });
  return performance.now() - t0;
}

export async function peer() {
  psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  // The pool reads PGHOST, PGPORT, PGUSER, PGDATABASE (and PGPASSWORD) as bench/run set them; 20
  // connections, as many as the service's pool.
  const saver = new PostgresSaver(new pg.Pool({ max: 20 }), undefined, { schema: SCHEMA });
  try {
    await saver.setup();
    const forty = chain(40, saver);
    const six = chain(6, saver);
    for (let i = 0; i < 3; i++) await timed(forty, { x: 1 }, "sync"); // warm-up, as for workload 2
    const reps = [];
    for (let r = 0; r < REPS; r++) {
      const sync = (await timed(forty, { x: 1 }, "sync")) / 40;
      const async = (await timed(forty, { x: 1 }, "async")) / 40;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: THROUGHPUT_RUNS }, (_, i) => timed(six, { x: i }, "sync")));
      const stepsPerSecond = (THROUGHPUT_RUNS * 6) / ((performance.now() - t0) / 1000);
      reps.push({ sync, async, stepsPerSecond });
      log(
        `LangGraph.js + PostgresSaver: 40 no-op nodes ${sync.toFixed(2)} ms/node (durability sync), ` +
          `${async.toFixed(2)} (async); ${THROUGHPUT_RUNS} runs x 6 nodes ${stepsPerSecond.toFixed(0)} steps/s`,
      );
    }
    return statsOf(reps);
  } finally {
    await saver.end();
    psql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`); // leaves an ORCHESTRATE_DATABASE_URL database as it was
  }
}
