// A POST answered with Server-Sent Events, read from fetch's body as it arrives: EventSource can
// send neither a body nor the Authorization header. The agent playground and the node trial both
// stream this way.
import { ApiError, tokenRefused } from "./client";
import { SseParser, type SseEvent } from "./sseParser";
import type { Problem } from "./types";
import { getToken } from "../auth/session";

/**
 * POSTs `body` as JSON to `path` and yields each event of the answer's stream. A refusal before the
 * stream starts (402, 403, 422…) throws an ApiError with the server's problem; a 401 signs out as
 * any other request does.
 */
export async function* postEventStream(
  path: string,
  body: unknown,
  signal?: AbortSignal,
): AsyncGenerator<SseEvent> {
  const headers: Record<string, string> = {
    Accept: "text/event-stream",
    "Content-Type": "application/json",
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 401 && token) tokenRefused();
  if (!response.ok || !response.body) {
    let problem: Problem = { status: response.status, title: response.statusText };
    try {
      problem = { ...((await response.json()) as Partial<Problem>), status: response.status };
    } catch {
      // Not problem+json: the status says enough.
    }
    throw new ApiError(problem);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield* parser.push(value);
  }
}
