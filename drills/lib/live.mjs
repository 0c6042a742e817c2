// Live clients: a WebSocket and an SSE subscriber that report how the server answered (refused at
// the handshake, closed with a code, or opened) and every frame or event they were sent.
import WebSocket from "ws";

/**
 * Opens a WebSocket to `url` (ws://...), optionally with subprotocols, and collects for `ms` after
 * it opens: {opened, httpStatus (when the upgrade was refused), closeCode, frames: [text]}.
 */
export function openSocket(url, { protocols, ms = 1500, headers } = {}) {
  return new Promise((resolve) => {
    const result = { opened: false, httpStatus: null, closeCode: null, frames: [], error: null };
    const ws = new WebSocket(url, protocols, { headers, handshakeTimeout: 10_000 });
    let timer = setTimeout(() => ws.terminate(), ms + 10_000);
    const finish = () => {
      clearTimeout(timer);
      resolve(result);
    };
    ws.on("unexpected-response", (_req, res) => {
      result.httpStatus = res.statusCode;
      res.resume();
      ws.terminate();
    });
    ws.on("open", () => {
      result.opened = true;
      clearTimeout(timer);
      timer = setTimeout(() => ws.close(), ms);
    });
    ws.on("message", (data) => result.frames.push(String(data)));
    ws.on("close", (code) => {
      result.closeCode = code;
      finish();
    });
    ws.on("error", (e) => (result.error = e.message));
  });
}

/**
 * Reads an SSE stream for up to `ms`: {status, contentType, events: [{event, id, data}]}; a
 * refusal answers its status and body without waiting.
 */
export async function readSse(url, { token, ms = 1500, headers = {} } = {}) {
  const controller = new AbortController();
  const res = await fetch(url, {
    signal: controller.signal,
    headers: { accept: "text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const out = { status: res.status, contentType: res.headers.get("content-type"), events: [], body: "" };
  if (res.status !== 200) {
    out.body = await res.text();
    return out;
  }
  const timer = setTimeout(() => controller.abort(), ms);
  let buffer = "";
  try {
    for await (const chunk of res.body) {
      buffer += Buffer.from(chunk).toString("utf8");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const ev = { event: "message", id: null, data: "" };
        for (const line of block.split("\n")) {
          const [field, ...rest] = line.split(":");
          const value = rest.join(":").replace(/^ /, "");
          if (field === "event") ev.event = value;
          else if (field === "id") ev.id = value;
          else if (field === "data") ev.data += value;
        }
        if (block.trim() && !block.startsWith(":")) out.events.push(ev);
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") throw e;
  } finally {
    clearTimeout(timer);
  }
  return out;
}
