// Workload 4, LLM-bound: runs of 6 agent_call nodes in a line against the loopback model server
// (bench/llm-server.mjs: 200 ms to the first token, then a few deltas), all started at once over ten
// workspaces. Each call's model time is measured by that server (request in to last byte out) and
// filed under the run's marker, which reaches the model in every node's user message. A run's
// nodes run one after another, so its critical path of model time is the sum of its six calls; what
// the engine adds is the run's duration (started_at to finished_at, so time queued behind the
// running caps is not counted) minus that sum.
import { size, HEAVY_REPS as REPS, log, pct, statsOf, rows, uuids, call, workspaces, pipeline, linear, awaitAll, startAll } from "./lib.mjs";

export const LLM_RUNS = size("LLM_RUNS", 50, 1000);
const LLM = process.env.BENCH_LLM_URL;
const MODEL = "claude-haiku-4-5";

async function target(user, i) {
  // Signup credits cover a few hundred of these calls; the owner grants plenty more.
  await call("POST", `/api/workspaces/${user.ws}/credits/grants`, user.token, { amount: 1_000_000, description: "bench" });
  const agent = await call("POST", `/api/workspaces/${user.ws}/agents`, user.token, {
    slug: `bench_llm_${i}_${Date.now()}`,
    name: "Bench model",
    model_provider: "anthropic",
    model: MODEL,
    system_prompt: "Answer ok.",
    parameters: { max_tokens: 64 },
  });
  const graph = linear(6, (n) => ({ id: `a${n}`, type: "agent_call", label: `A${n}`, agent_slug: agent.slug }));
  return { user, pipeline: await pipeline(user, graph) };
}

export async function llmBound() {
  const targets = [];
  for (const [i, user] of (await workspaces(10)).entries()) targets.push(await target(user, i));
  const reps = [];
  for (let r = 0; r < REPS; r++) {
    await fetch(`${LLM}/bench/reset`, { method: "POST" });
    const markers = Array.from({ length: LLM_RUNS }, (_, i) => `bench-run-${r * LLM_RUNS + i}`);
    const t0 = performance.now();
    const ids = await startAll(targets, markers.map((run) => ({ run })));
    await awaitAll(ids);
    const wall = (performance.now() - t0) / 1000;
    const { times: model, maxInFlight } = await (await fetch(`${LLM}/bench/model-times`)).json();
    const added = [];
    const ratios = [];
    // A run whose node was called more than once (its runner stopped on an error and the run was
    // taken over after its lease ran out) is counted apart: its duration holds that wait.
    let rerun = 0;
    for (const [run, ms] of rows(
      `SELECT input->>'run', extract(epoch FROM finished_at - started_at) * 1000
         FROM pipeline_executions WHERE id = ANY(${uuids(ids)})`,
    )) {
      const calls = model[run] ?? [];
      if (calls.length < 6) throw new Error(`${run}: the model server saw ${calls.length} calls, not 6`);
      if (calls.length > 6) {
        rerun++;
        continue;
      }
      const modelMs = calls.reduce((a, b) => a + b, 0);
      added.push(Number(ms) - modelMs);
      ratios.push((Number(ms) - modelMs) / modelMs);
    }
    const one = {
      addedPct: pct(ratios, 50) * 100,
      addedPctP99: pct(ratios, 99) * 100,
      addedMs: pct(added, 50),
      addedMsPerNode: pct(added, 50) / 6,
      modelMs: pct(Object.values(model).flat(), 50),
      stepsPerSecond: (LLM_RUNS * 6) / wall,
      maxInFlight,
      rerun,
    };
    reps.push(one);
    log(
      `${LLM_RUNS} LLM-bound runs: engine adds ${one.addedPct.toFixed(1)}% (p99 ${one.addedPctP99.toFixed(1)}%), ` +
        `${one.addedMs.toFixed(0)} ms per run over ${(one.modelMs * 6).toFixed(0)} ms of model time; ${one.stepsPerSecond.toFixed(0)} calls/s, at most ${maxInFlight} calls at once; ${rerun} runs had a node called again (left out)`,
    );
  }
  return statsOf(reps);
}
