// Drill 5: MCP servers that crash, hang, answer garbage or answer 10 MB. The steps that call them
// fail (or retry, by their policy) with a tool error, and nothing else slows: the same workspace's
// runs on a healthy server, and another workspace's, keep their latency.
import { Api } from "./lib/api.mjs";
import { pct, pool } from "./lib/process.mjs";

const SERVER = new URL("./mcp/faulty.mjs", import.meta.url).pathname;
const FAULTS = ["crash", "hang", "garbage", "huge"];
const STEP_TIMEOUT = "PT8S";
const STEP_TIMEOUT_MS = 8_000;
const ATTEMPTS = 2;

export default {
  number: 5,
  title: "Tool faults",
  proves: `One service whose stdio allow-list admits \`node drills/mcp/faulty.mjs\`, a small MCP server
(newline-delimited JSON-RPC over stdio) whose one tool crashes the process, hangs, writes garbage
lines and then a result that is not a tool result, or answers 10 MB of text; and one that answers
at once. A workspace has a connection to each, and a pipeline per connection whose mcp_tool step
has a ${STEP_TIMEOUT} timeout and ${ATTEMPTS} attempts (backoff 200 ms). Runs on the faulty servers
(six of each, four at a time) must end failed: a crash with error.code tool_error after the
policy's ${ATTEMPTS} attempts; a hang with timeout (or tool_error) after ${ATTEMPTS} attempts; garbage with
tool_error at its first attempt, not retried (the stray stdout lines are skipped and logged, and the
result that is not a tool result is the server's error, "not valid MCP"), in well under its
timeout (4 s: nothing waits for it); the 10 MB answer completes with its result cut
to the service's bound (256 KB) and marked truncated, or fails tool_error or timeout. No attempt
outlives its timeout by more than 2 s. Meanwhile runs on the healthy server, in the same
workspace and in another one, go on one after another: all complete, and their p99 duration (the
service's duration_ms) during the faults stays under 10 times that measured before and under 5 s
(a bound for a 2-core machine shared with other work).`,
  short: false,
  async run(ctx) {
    const service = await ctx.service(ctx.database(), {
      name: "tools",
      env: { ORCHESTRATE_MCP_STDIO_ALLOW: `node ${SERVER}` },
    });
    const anon = new Api(service.url);
    const owner = await anon.signUp("tools");
    const other = await anon.signUp("tools-other");
    const connect = (api, mode) => api.ok("POST", `/api/workspaces/${api.workspace}/mcp-connections`,
      { name: `drill_${mode}`, transport: "stdio", command: "node", args: [SERVER, mode] });
    const pipeline = (api, mode) => api.pipeline(api.workspace, {
      entry_point: "tool",
      nodes: [
        { id: "tool", type: "mcp_tool", label: `Tool (${mode})`, mcp: `drill_${mode}`, tool: "work", arguments: {},
          timeout: STEP_TIMEOUT, retry: { max_attempts: ATTEMPTS, backoff_ms: 200 } },
        { id: "done", type: "finalize", label: "Done" },
      ],
      edges: [{ from: "tool", to: "done" }],
    });
    const pipelines = {};
    for (const mode of ["ok", ...FAULTS]) {
      await connect(owner, mode);
      pipelines[mode] = await pipeline(owner, mode);
    }
    await connect(other, "ok");
    const otherOk = await pipeline(other, "ok");

    const run = async (api, pipelineId) => api.awaitEnd(await api.start(pipelineId, { n: 1 }), 120_000);
    // The control: the healthy server answers, in both workspaces (and warms both clients).
    for (const [api, p, who] of [[owner, pipelines.ok, "same"], [other, otherOk, "other"]]) {
      const e = await run(api, p);
      ctx.check(`control: a run on the healthy server completes (${who} workspace)`, e.status === "completed" && e.output?.tool?.content?.[0]?.text?.startsWith("ok"),
        JSON.stringify(e.error ?? e.output).slice(0, 300));
    }

    const healthy = async (n) => {
      const same = [], another = [], bad = [];
      for (let i = 0; i < n; i++) {
        for (const [api, p, into] of [[owner, pipelines.ok, same], [other, otherOk, another]]) {
          const e = await run(api, p);
          if (e.status !== "completed") bad.push(JSON.stringify(e.error));
          into.push(e.duration_ms);
        }
      }
      return { same, another, bad };
    };
    const before = await healthy(15);

    let faulting = true;
    const faulty = [];
    const load = pool(Array.from({ length: 6 * FAULTS.length }, (_, i) => FAULTS[i % FAULTS.length]), 4, async (mode) => {
      const e = await run(owner, pipelines[mode]);
      faulty.push({ mode, e });
    }).finally(() => (faulting = false));
    const during = { same: [], another: [], bad: [] };
    while (faulting) {
      const h = await healthy(1);
      during.same.push(...h.same);
      during.another.push(...h.another);
      during.bad.push(...h.bad);
    }
    await load;

    for (const mode of FAULTS) {
      const ends = faulty.filter((f) => f.mode === mode).map((f) => f.e);
      const steps = ends.map((e) => e.steps.find((s) => s.node_id === "tool"));
      const summary = {};
      for (const e of ends) {
        const key = `${e.status}${e.error ? ` ${e.error.code}` : ""} attempt ${e.steps.find((s) => s.node_id === "tool")?.attempt}`;
        summary[key] = (summary[key] ?? 0) + 1;
      }
      ctx.figure(`${mode}: ends`, JSON.stringify(summary));
      ctx.figure(`${mode}: a message`, JSON.stringify(ends.find((e) => e.error)?.error?.message ?? "").slice(0, 300));
      // A step's duration_ms is its last attempt's; the run's covers every attempt and the backoff.
      const longest = Math.max(...steps.map((s) => s?.duration_ms ?? 0));
      ctx.figure(`${mode}: longest last attempt / longest run`, `${longest} / ${Math.max(...ends.map((e) => e.duration_ms ?? 0))}`, "ms");
      ctx.check(`${mode}: no attempt outlived its timeout by more than 2 s`, longest <= STEP_TIMEOUT_MS + 2_000, `${longest} ms`);
      if (mode === "huge") {
        const okEnd = (e) => (e.status === "completed" && JSON.stringify(e.output).length < 1_000_000 && e.output?.tool?.truncated === true)
          || (e.status === "failed" && ["tool_error", "timeout"].includes(e.error?.code));
        ctx.check("huge: each run completed with its result cut (or failed tool_error or timeout)", ends.every(okEnd),
          ends.filter((e) => !okEnd(e)).map((e) => `${e.status} ${JSON.stringify(e.error ?? e.output).slice(0, 200)}`).join("; "));
        const sizes = ends.filter((e) => e.status === "completed").map((e) => JSON.stringify(e.output).length);
        if (sizes.length) ctx.figure("huge: stored result size", Math.max(...sizes), "characters");
      } else {
        // Garbage: the lines that are not JSON-RPC are skipped, and the answer after them is read
        // and refused as not MCP at once.
        const codes = mode === "hang" ? ["timeout", "tool_error"] : ["tool_error"];
        const said = (e) => mode !== "garbage" || e.error?.message?.includes("not valid MCP");
        ctx.check(`${mode}: each run failed with ${codes.join(" or ")} and a message`, ends.every((e) => e.status === "failed" && codes.includes(e.error?.code) && e.error.message?.length > 5 && said(e)),
          ends.filter((e) => e.status !== "failed" || !codes.includes(e.error?.code) || !said(e)).map((e) => `${e.status} ${JSON.stringify(e.error)}`).join("; "));
        // A crash or a hang may pass on another try: retried to the policy's end; garbage, the
        // server's own error, is not.
        const attempts = steps.map((s) => s?.attempt);
        const want = mode === "garbage" ? 1 : ATTEMPTS;
        const how = mode === "garbage" ? "not retried (1 attempt)" : `retried by policy (${ATTEMPTS} attempts)`;
        ctx.check(`${mode}: ${how}`, attempts.every((a) => a === want), JSON.stringify(attempts));
        if (mode === "garbage") {
          ctx.check("garbage: each attempt ended in well under its timeout (4 s)", longest < STEP_TIMEOUT_MS / 2, `${longest} ms`);
        }
      }
    }

    ctx.check("every healthy run completed, before and during", before.bad.length + during.bad.length === 0, [...before.bad, ...during.bad].slice(0, 3).join("; "));
    for (const [label, b, d] of [["same workspace", before.same, during.same], ["other workspace", before.another, during.another]]) {
      const pb = pct(b, 99), pd = pct(d, 99);
      ctx.figure(`healthy runs, ${label}: p50 / p99 before → during (n ${b.length} → ${d.length})`, `${pct(b, 50)} / ${pb} → ${pct(d, 50)} / ${pd}`, "ms");
      ctx.check(`healthy runs, ${label}: p99 during under 10x before and under 5 s`, d.length > 0 && pd < 10 * Math.max(pb, 20) && pd < 5_000, `before ${pb} ms, during ${pd} ms`);
    }
  },
};
