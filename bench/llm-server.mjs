// A loopback model server for workload 4, speaking the Anthropic Messages API's streaming format
// (POST /v1/messages with "stream": true) the way the real one does: message_start, a text
// content_block_start, content_block_deltas, content_block_stop, message_delta with usage, then
// message_stop. Every reply waits FIRST_TOKEN_MS before its first token, then sends DELTAS deltas
// DELTA_GAP_MS apart, so a call's model time is fixed and the engine's share of a run is what is left.
//
// Each call's model time is measured here (request received to last byte written) and kept under
// the run marker ("bench-run-<n>") found in the request, since the engine puts the run's input in
// every node's user message. GET /bench/model-times answers {times: {marker: [ms, ...]}, maxInFlight}
// (the most calls it served at once); POST /bench/reset forgets them. Run as: node bench/llm-server.mjs <port-file>; it listens on a free loopback port
// and writes that port to <port-file> once listening.
import http from "node:http";
import { writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

export const FIRST_TOKEN_MS = 200;
export const DELTAS = 4;
export const DELTA_GAP_MS = 10;

const times = new Map();
let inFlight = 0;
let maxInFlight = 0;
const sse = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function messages(req, res, body) {
  const received = performance.now();
  maxInFlight = Math.max(maxInFlight, ++inFlight);
  const request = JSON.parse(body);
  const marker = /bench-run-\d+/.exec(body)?.[0] ?? "unmarked";
  const model = request.model;
  const inputTokens = Math.ceil(body.length / 4);
  if (!request.stream) {
    await sleep(FIRST_TOKEN_MS);
    res.writeHead(200, { "content-type": "application/json", "request-id": `req_${randomUUID()}` });
    res.end(
      JSON.stringify({
        id: `msg_${randomUUID()}`,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text: "ok ".repeat(DELTAS).trim() }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: DELTAS },
      }),
    );
    record(marker, received);
    return;
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "request-id": `req_${randomUUID()}`,
  });
  res.write(
    sse("message_start", {
      type: "message_start",
      message: {
        id: `msg_${randomUUID()}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
  );
  res.write(sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }));
  res.write(sse("ping", { type: "ping" }));
  await sleep(FIRST_TOKEN_MS);
  for (let i = 0; i < DELTAS; i++) {
    if (i > 0) await sleep(DELTA_GAP_MS);
    res.write(
      sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: i ? " ok" : "ok" } }),
    );
  }
  res.write(sse("content_block_stop", { type: "content_block_stop", index: 0 }));
  res.write(
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: DELTAS },
    }),
  );
  res.end(sse("message_stop", { type: "message_stop" }), () => record(marker, received));
}

function record(marker, received) {
  inFlight--;
  const ms = performance.now() - received;
  if (!times.has(marker)) times.set(marker, []);
  times.get(marker).push(ms);
}

const server = http.createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    if (req.method === "POST" && req.url.startsWith("/v1/messages")) {
      messages(req, res, body).catch((e) => {
        console.error(e);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ type: "error", error: { type: "api_error", message: String(e) } }));
      });
    } else if (req.method === "GET" && req.url === "/bench/model-times") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ times: Object.fromEntries(times), maxInFlight }));
    } else if (req.method === "POST" && req.url === "/bench/reset") {
      times.clear();
      maxInFlight = inFlight;
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type: "not_found_error", message: req.url } }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => writeFileSync(process.argv[2], String(server.address().port)));
