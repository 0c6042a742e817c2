// POST /orchestrate/agent/invoke with `stream: true`: the playground's reply as it is written.
import { postEventStream } from "../api/eventStream";
import type { InvokeResult } from "./api";

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
  const events = postEventStream("/orchestrate/agent/invoke", { ...body, stream: true }, signal);
  for await (const e of events) {
    if (e.event === "chunk") handlers.onChunk((JSON.parse(e.data) as { chunk: string }).chunk);
    else if (e.event === "restart") handlers.onRestart();
    else if (e.event === "done") return JSON.parse(e.data) as InvokeResult;
    else if (e.event === "error") {
      const failure = JSON.parse(e.data) as { code?: string; message?: string };
      throw new InvokeFailed(failure.code ?? "internal", failure.message ?? "");
    }
  }
  throw new InvokeFailed("cut", "The stream ended before the reply was complete.");
}
