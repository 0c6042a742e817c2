// POST /orchestrate/agent/invoke with `stream: true`, read from fetch's body: EventSource cannot
// send the Authorization header nor a POST body.
import { ApiError, tokenRefused } from "../api/client";
import type { Problem } from "../api/types";
import { getToken } from "../auth/session";
import type { InvokeResult } from "./api";
import { SseParser } from "./sseParser";

/** The stream's own `error` event: the call failed after it was accepted. */
export class InvokeFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface InvokeHandlers {
  /** More text of the reply. */
  onChunk: (text: string) => void;
  /** A retried attempt began: the text so far is void. */
  onRestart: () => void;
}

/**
 * Invokes an agent and streams its reply. Resolves with the `done` result; rejects with an
 * ApiError when the request is refused (402, 403, 404, 422…), an InvokeFailed when the call fails
 * mid-way, or an AbortError when `signal` aborts.
 */
export async function invokeStreaming(
  body: { agent_id: string; messages: { role: "user" | "assistant"; content: string }[] },
  handlers: InvokeHandlers,
  signal: AbortSignal,
): Promise<InvokeResult> {
  const headers: Record<string, string> = {
    Accept: "text/event-stream",
    "Content-Type": "application/json",
  };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch("/orchestrate/agent/invoke", {
    method: "POST",
    headers,
    body: JSON.stringify({ ...body, stream: true }),
    signal,
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
    if (done) break;
    for (const e of parser.push(value)) {
      if (e.event === "chunk") handlers.onChunk((JSON.parse(e.data) as { chunk: string }).chunk);
      else if (e.event === "restart") handlers.onRestart();
      else if (e.event === "done") return JSON.parse(e.data) as InvokeResult;
      else if (e.event === "error") {
        const failure = JSON.parse(e.data) as { code?: string; message?: string };
        throw new InvokeFailed(failure.code ?? "internal", failure.message ?? "");
      }
    }
  }
  throw new InvokeFailed("cut", "The stream ended before the reply was complete.");
}
