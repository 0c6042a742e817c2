// The loopback model server the drills point the service at (ANTHROPIC_BASE_URL): it speaks the
// Anthropic Messages API (streaming and not) like the real one, counts what it served, and can be
// told to misbehave. Run as: node drills/model-server.mjs <port-file>.
//
//   GET  /drill/served  {completed, usage: {input_tokens, output_tokens}, calls: [{id, prompt, model, input_tokens,
//                        output_tokens, ms, tag}], failed, inFlight, maxInFlight}: only calls whose whole
//                        answer was written count as completed; tag is what follows "drill-tag:" in the
//                        request (a drill puts it in its prompts to tell which step made a call), or null;
//                        spans: [{tag, agent, start, end, completed}] every call, ended or not, with its
//                        wall-clock start and end (ms; end null while open); agent follows "drill-agent:";
//                        partial: [{id, prompt, input_tokens, output_tokens}] the usage a dropped stream
//                        had announced (message_start) before it broke; abandoned: [{kind, ms}] how long
//                        after its arrival the client hung up on a stalled call (the client's deadline as
//                        this server sees it); requests: [{prompt, fault, start, end}] each request's last
//                        user message and when (ms on this server's clock) it arrived and its answer ended
//                        or was dropped
//   POST /drill/faults  {rate: 0..1, kinds: ["429","500","529","stall","drop"], stallMs, firstTokenMs}
//                        rate of calls that go wrong, picked at random among kinds; script: [kind or
//                        "ok", ...] the faults of the next requests in order, before any random one
//   POST /drill/reset   forgets the counts
import http from "node:http";
import { writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

let faults = { rate: 0, kinds: [], stallMs: 120_000, firstTokenMs: 50, script: [] };
let served = fresh();
function fresh() {
  return { completed: 0, failed: 0, usage: { input_tokens: 0, output_tokens: 0 }, calls: [], spans: [], partial: [], abandoned: [], requests: [], inFlight: 0, maxInFlight: 0 };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sse = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const DELTAS = ["The ", "drill ", "says ", "ok."];

function lastUserText(request) {
  const user = (request.messages ?? []).filter((m) => m.role === "user").at(-1);
  const content = user?.content;
  const text = typeof content === "string" ? content : (content ?? []).map((b) => b.text ?? "").join("");
  return text.slice(0, 200);
}

function problem(res, status, type, message) {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req_${randomUUID()}`, ...(status === 429 ? { "retry-after": "1" } : {}) });
  res.end(JSON.stringify({ type: "error", error: { type, message } }));
}

async function messages(req, res, body) {
  const started = performance.now();
  const request = JSON.parse(body);
  const id = `msg_${randomUUID()}`;
  const tag = /drill-tag:([A-Za-z0-9_:.-]+)/.exec(body)?.[1] ?? null;
  const span = { tag, agent: /drill-agent:([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? null, start: Date.now(), end: null, completed: false };
  served.spans.push(span);
  res.on("close", () => (span.end = Date.now()));
  const inputTokens = Math.max(1, Math.ceil(body.length / 4));
  const outputTokens = DELTAS.length;
  const scripted = faults.script?.length ? faults.script.shift() : undefined;
  const fault = scripted !== undefined ? (scripted === "ok" ? null : scripted) : Math.random() < faults.rate ? faults.kinds[Math.floor(Math.random() * faults.kinds.length)] : null;
  const record = { prompt: lastUserText(request), fault, start: started, end: null };
  served.requests.push(record);
  res.on("close", () => (record.end = performance.now()));
  if (fault === "429") return void (served.failed++, problem(res, 429, "rate_limit_error", "drill: rate limited"));
  if (fault === "500") return void (served.failed++, problem(res, 500, "api_error", "drill: internal error"));
  if (fault === "529") return void (served.failed++, problem(res, 529, "overloaded_error", "drill: overloaded"));
  if (fault === "stall") {
    served.failed++;
    // The client gives up before stallMs (its deadline): record when, then stop waiting.
    let hungUp = false;
    res.on("close", () => {
      if (hungUp || res.writableEnded) return;
      hungUp = true;
      served.abandoned.push({ kind: "stall", ms: performance.now() - started });
    });
    const until = performance.now() + faults.stallMs;
    while (!hungUp && performance.now() < until) await sleep(20);
    return void res.destroy();
  }
  served.maxInFlight = Math.max(served.maxInFlight, ++served.inFlight);
  res.on("close", () => served.inFlight--);
  const done = () => {
    span.completed = true;
    served.completed++;
    served.usage.input_tokens += inputTokens;
    served.usage.output_tokens += outputTokens;
    served.calls.push({ id, prompt: record.prompt, model: request.model, input_tokens: inputTokens, output_tokens: outputTokens, ms: performance.now() - started, tag });
  };
  await sleep(faults.firstTokenMs);
  if (!request.stream) {
    res.writeHead(200, { "content-type": "application/json", "request-id": `req_${randomUUID()}` });
    res.end(
      JSON.stringify({
        id, type: "message", role: "assistant", model: request.model,
        content: [{ type: "text", text: DELTAS.join("") }],
        stop_reason: "end_turn", stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      }),
      done,
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": `req_${randomUUID()}` });
  res.write(sse("message_start", { type: "message_start", message: { id, type: "message", role: "assistant", model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } }));
  res.write(sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
  for (const [i, text] of DELTAS.entries()) {
    if (fault === "drop" && i === 2) {
      served.failed++;
      // message_start announced input_tokens and output_tokens 1: what a client saw before the break.
      served.partial.push({ id, prompt: record.prompt, input_tokens: inputTokens, output_tokens: 1 });
      return void res.destroy(); // the stream breaks midway, as a dropped connection does
    }
    res.write(sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }));
    await sleep(5);
  }
  res.write(sse("content_block_stop", { type: "content_block_stop", index: 0 }));
  res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: outputTokens } }));
  res.end(sse("message_stop", { type: "message_stop" }), done);
}

const server = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const json = (status, value) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (req.method === "POST" && req.url.startsWith("/v1/messages")) {
      messages(req, res, body).catch((e) => {
        console.error(e);
        if (!res.headersSent) problem(res, 500, "api_error", String(e));
        else res.destroy();
      });
    } else if (req.method === "GET" && req.url === "/drill/served") json(200, served);
    else if (req.method === "POST" && req.url === "/drill/faults") json(200, (faults = { ...faults, ...JSON.parse(body || "{}") }));
    else if (req.method === "POST" && req.url === "/drill/reset") json(200, (served = fresh()));
    else problem(res, 404, "not_found_error", req.url);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => writeFileSync(process.argv[2], String(server.address().port)));
