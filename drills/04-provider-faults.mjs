// Drill 4: the model provider misbehaves on 30% of calls (429, 500, 529, a stall past the deadline,
// a stream dropped midway). Every execution still ends, completed or failed with a contract error
// code and words a user can read; the ledger charges exactly what the model server says it served
// (plus what a dropped stream had announced before it broke); no call outlives its deadline by more
// than a second.
import { Api, TERMINAL } from "./lib/api.mjs";
import { pct, pool } from "./lib/process.mjs";

const DEADLINE_MS = 8_000; // the agent's timeout_ms: the whole call's deadline, retries included
const RATE = 0.3;
const KINDS = ["429", "500", "529", "stall", "drop"];
const MODEL = "claude-sonnet-4-20250514";

export default {
  number: 4,
  title: "Provider faults",
  proves: `One service on the loopback Anthropic server, which answers 30% of model calls (picked at
random) with 429 (Retry-After 1), 500, 529, a stall (no answer for 60 s) or a stream that breaks after
two text deltas. A pipeline of two agent calls in a row (Anthropic, timeout_ms ${DEADLINE_MS}, the node
not retried by the engine, so a step is one model call with the LLM client's own retries) runs many
times, 20 at once. Every execution ends: completed, or failed with error.code provider_error or
timeout and a message that names the provider or the deadline, with no stack trace or class name.
The ledger's usage rows of the workspace sum to the steps' charged tokens, and each call (its
requests carry its prompt) is charged exactly what the model server served it: the answers it wrote
in full, plus, for each dropped stream, the usage its message_start had announced (input tokens and
1 output token), since the service charges what the provider reported before a break, by design
(LlmException.billedUsage); a stall or an error status reports nothing. The one difference allowed,
counted as a figure and written in drills/OPEN.md: a call the service gave up at its deadline while
the server had already written the whole answer, still unread, is charged only what was read. No
call lasts longer than its deadline plus one second as the model server sees it (from its first
attempt's arrival to its last attempt's end or hang-up), and every stalled request is hung up on
within that bound; the same is checked first on five scripted calls run alone (a stall; a 500, a
429, a dropped stream, a 529 and a 500, each followed by a stall), which must end in timeout.`,
  short: false,
  async run(ctx) {
    const model = await ctx.model();
    const service = await ctx.service(ctx.database(), { env: model.env, name: "faults" });
    const api = await new Api(service.url).signUp("faults");
    const ws = api.workspace;
    await api.ok("POST", `/api/workspaces/${ws}/credits/grants`, { amount: 1_000_000, description: "drill 4" }).catch(() => null);
    await api.ok("POST", `/api/workspaces/${ws}/agents`, {
      slug: "flaky", name: "Flaky", model_provider: "anthropic", model: MODEL,
      system_prompt: "You are a drill.", parameters: { timeout_ms: DEADLINE_MS, max_tokens: 64 },
    });
    const node = (id) => ({ id, type: "agent_call", label: id, agent_slug: "flaky", prompt: `${id}: {{input.n}}`, retry: { max_attempts: 1 } });
    const pipelineId = await api.pipeline(ws, {
      entry_point: "first",
      nodes: [node("first"), node("second"), { id: "done", type: "finalize", label: "Done" }],
      edges: [{ from: "first", to: "second" }, { from: "second", to: "done" }],
    });

    // A first call builds the provider's client in a cold JVM; the control below then measures
    // a warm service, as every later run does.
    const warm = await api.awaitEnd(await api.start(pipelineId, { n: -1 }), 60_000);
    // The control: without faults every run completes, so failures below come from the faults.
    const control = await api.awaitEnd(await api.start(pipelineId, { n: 0 }), 60_000);
    ctx.check("control: without faults a run completes", control.status === "completed", JSON.stringify(control.error));

    // The deadline alone: scripted faults that end in a stall, one run at a time, so the call's
    // span at the model server is the deadline's doing and not the machine's load.
    const SCRIPTS = [["stall"], ["500", "stall"], ["429", "stall"], ["drop", "stall"], ["529", "500", "stall"]];
    const scripted = [];
    for (const [i, script] of SCRIPTS.entries()) {
      await model.faults({ rate: 0, script: [...script], stallMs: 60_000 });
      const e = await api.awaitEnd(await api.start(pipelineId, { n: 1000 + i }), 60_000);
      scripted.push({ script, e, prompt: `first: ${1000 + i}` });
    }
    await model.faults({ rate: RATE, kinds: KINDS, stallMs: 60_000, firstTokenMs: 20, script: [] });
    const runs = 120;
    const t0 = Date.now();
    const ends = await pool(Array.from({ length: runs }, (_, i) => i + 1), 20, async (n) => {
      const id = await api.start(pipelineId, { n });
      return api.awaitEnd(id, 180_000);
    });
    ctx.figure("executions run under faults", runs);
    ctx.figure("wall time of the faulty runs", Math.round((Date.now() - t0) / 1000), "s");
    await model.faults({ rate: 0 });

    const byStatus = {};
    for (const e of ends) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    ctx.figure("ends", JSON.stringify(byStatus));
    ctx.check("every execution ended", ends.every((e) => TERMINAL.includes(e.status)), JSON.stringify(byStatus));
    ctx.check("each ended completed or failed (none cancelled or stuck)", ends.every((e) => e.status === "completed" || e.status === "failed"), JSON.stringify(byStatus));
    const failed = ends.filter((e) => e.status === "failed");
    const codes = {};
    for (const e of failed) codes[e.error?.code] = (codes[e.error?.code] ?? 0) + 1;
    ctx.figure("failure codes", JSON.stringify(codes));
    const unclear = failed.filter((e) => !clear(e.error));
    ctx.check("every failure says provider_error or timeout in words a user reads", unclear.length === 0,
      unclear.slice(0, 3).map((e) => JSON.stringify(e.error)).join("; "));
    for (const e of failed.slice(0, 1)) ctx.figure("a failure's message", JSON.stringify(e.error.message));
    ctx.check("some runs failed and some completed (the faults were felt, and survived)",
      failed.length > 0 && ends.some((e) => e.status === "completed"), JSON.stringify(byStatus));

    // The ledger against what the model server served (all runs, the control's included).
    const served = await model.served();
    const db = service.env.ORCHESTRATE_DATABASE_URL.split("/").pop();
    const expected = {
      input: served.usage.input_tokens + served.partial.reduce((s, p) => s + p.input_tokens, 0),
      output: served.usage.output_tokens + served.partial.reduce((s, p) => s + p.output_tokens, 0),
    };
    const [[rows, input, output]] = ctx.pg.psql(db,
      `SELECT count(*), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0) FROM credit_ledger WHERE workspace_id = '${ws}' AND type = 'usage'`);
    ctx.figure("model calls answered in full / streams dropped / refused or stalled", `${served.completed} / ${served.partial.length} / ${served.failed - served.partial.length}`);
    ctx.figure("ledger usage rows; tokens in/out charged", `${rows}; ${input}/${output}`);
    ctx.figure("tokens in/out served in full + announced by dropped streams", `${expected.input}/${expected.output}`);

    // Call by call (a call's requests carry its prompt, "<node>: <n>"): what the server served for
    // it against what its step charged. One difference is explained: the service gave up at its
    // deadline while the server had already written the whole answer, unread in the socket (the
    // service charges what it had read: message_start's usage).
    const steps = [warm, control, ...scripted.map((x) => x.e), ...ends].flatMap((e) => e.steps.filter((s) => s.type === "agent_call").map((s) => ({ ...s, prompt: `${s.node_id}: ${e.input.n}` })));
    const servedFor = new Map();
    for (const c of [...served.calls, ...served.partial]) {
      const u = servedFor.get(c.prompt) ?? { input: 0, output: 0, completed: false };
      servedFor.set(c.prompt, { input: u.input + c.input_tokens, output: u.output + c.output_tokens, completed: u.completed || served.calls.includes(c) });
    }
    let cut = 0, unbilled = 0;
    const unexplained = [];
    for (const s of steps) {
      const u = servedFor.get(s.prompt) ?? { input: 0, output: 0, completed: false };
      if (u.input === s.input_tokens && u.output === s.output_tokens) continue;
      if (s.error?.code === "timeout" && u.completed && u.input === s.input_tokens && s.output_tokens < u.output) {
        cut++;
        unbilled += u.output - s.output_tokens;
      } else unexplained.push(`${s.prompt}: served ${u.input}/${u.output}, charged ${s.input_tokens}/${s.output_tokens} (${s.status} ${s.error?.code ?? ""})`);
    }
    const stepTotals = steps.reduce((a, s) => ({ input: a.input + s.input_tokens, output: a.output + s.output_tokens }), { input: 0, output: 0 });
    ctx.check("the ledger's usage rows sum to the steps' charged tokens", Number(input) === stepTotals.input && Number(output) === stepTotals.output,
      `ledger ${input}/${output}, steps ${stepTotals.input}/${stepTotals.output}`);
    ctx.figure("calls the service gave up at its deadline after the server had written the whole answer / output tokens served but not charged", `${cut} / ${unbilled}`);
    ctx.check("every call is charged exactly what the server served it (full answers, and what a dropped stream announced), but for answers cut at the deadline",
      unexplained.length === 0, unexplained.slice(0, 5).join("; "));
    ctx.check("the ledger charges exactly the usage served, less only the unread output of answers cut at the deadline",
      Number(input) === expected.input && Number(output) === expected.output - unbilled,
      `ledger ${input}/${output}, served ${expected.input}/${expected.output}, unread ${unbilled}`);
    ctx.check("no open reservation is left", Number(ctx.pg.psql(db,
      `SELECT count(*) FROM credit_ledger r WHERE r.workspace_id = '${ws}' AND r.type = 'reservation'
         AND NOT EXISTS (SELECT 1 FROM credit_ledger x WHERE x.reservation_id = r.id AND x.type IN ('release', 'usage'))`)[0][0]) === 0);

    // Deadlines, as the provider sees a call: from its first request's arrival to its last
    // answer's end or hang-up (the service's clock starts a little earlier, so this is a floor).
    const spans = new Map();
    for (const r of served.requests) {
      const span = spans.get(r.prompt) ?? { start: Infinity, end: 0, faults: [] };
      spans.set(r.prompt, { start: Math.min(span.start, r.start), end: Math.max(span.end, r.end ?? Infinity), faults: [...span.faults, r.fault ?? "ok"] });
    }
    const callMs = [...spans.values()].map((x) => x.end - x.start);
    const longestCall = Math.max(...callMs);
    const worst = [...spans.entries()].find(([, x]) => x.end - x.start === longestCall);
    ctx.figure("calls seen by the model server", spans.size);
    ctx.figure("call span at the model server p50 / p99 / max", `${Math.round(pct(callMs, 50))} / ${Math.round(pct(callMs, 99))} / ${Math.round(longestCall)}`, "ms");
    ctx.figure("the longest call's attempts", JSON.stringify(worst?.[1].faults));
    for (const { script, e, prompt } of scripted) {
      const span = spans.get(prompt);
      const ms = span ? Math.round(span.end - span.start) : NaN;
      ctx.figure(`alone, ${script.join(" then ")}: the call's span / its end`, `${ms} ms / ${e.status} ${e.error?.code ?? ""}`);
      ctx.check(`alone, ${script.join(" then ")}: the call ends in timeout within its deadline plus 1 s`,
        e.error?.code === "timeout" && ms <= DEADLINE_MS + 1_000, `${ms} ms, ${JSON.stringify(e.error)}`);
    }
    ctx.check(`under load too, no call lasted longer than its deadline (${DEADLINE_MS} ms) plus 1 s at the model server`, longestCall <= DEADLINE_MS + 1_000, `longest ${Math.round(longestCall)} ms`);
    const hangUps = served.abandoned.map((a) => a.ms);
    ctx.figure("stalled requests given up by the service / longest wait", `${hangUps.length} / ${Math.round(Math.max(0, ...hangUps))} ms`);
    ctx.check("the service hung up on every stalled request within deadline + 1 s", served.requests.filter((r) => r.fault === "stall").length === hangUps.length && hangUps.every((ms) => ms <= DEADLINE_MS + 1_000),
      `${hangUps.length} hang-ups of ${served.requests.filter((r) => r.fault === "stall").length} stalls, longest ${Math.round(Math.max(0, ...hangUps))} ms`);
    // The step around the call (reservation, events, settlement) on this shared machine: a figure.
    const durations = steps.filter((s) => s.duration_ms != null).map((s) => s.duration_ms);
    ctx.figure("agent step duration p50 / p99 / max (the call plus the engine's work around it)", `${pct(durations, 50)} / ${pct(durations, 99)} / ${Math.max(...durations)}`, "ms");
    ctx.figure("machine load average (1 min) at the end", (await import("node:os")).loadavg()[0].toFixed(1));
  },
};

/** A failure a user can act on: a contract code and plain words, no stack trace or Java names. */
function clear(error) {
  if (!error || !["provider_error", "timeout"].includes(error.code)) return false;
  const m = String(error.message ?? "");
  return m.length >= 10 && m.length <= 500 && !/\bat [a-z]+\.[\w.$]+\(|Exception|dev\.orchestrate|com\.anthropic|okhttp/i.test(m);
}
