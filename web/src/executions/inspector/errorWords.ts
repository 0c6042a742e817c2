// A step's error in plain words: the contract's error codes, each with a sentence in the message
// files (monitorDetail.errorWords.<code>); the server's own message is shown beside it.
import type { StepError } from "../../api/types";

export const KNOWN_ERROR_CODES = [
  "validation_failed",
  "insufficient_credits",
  "budget_exceeded",
  "provider_error",
  "tool_error",
  "timeout",
  "step_limit",
  "rejected",
  "cancelled",
  "internal",
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

const known = new Set<string>(KNOWN_ERROR_CODES);

/** The message key of the sentence that explains `code`; unknown codes get a general sentence. */
export function errorWordsKey(code: string | undefined | null): string {
  return `monitorDetail.errorWords.${code && known.has(code) ? code : "unknown"}`;
}

/** The server's message, unless it says nothing the sentence did not (empty, or the bare code). */
export function serverDetail(error: StepError): string | undefined {
  const message = error.message?.trim();
  return message && message !== error.code ? message : undefined;
}
