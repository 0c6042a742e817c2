import i18next from "i18next";
import { describe, expect, test } from "vitest";
import en from "../i18n/en.json";
import { formatters } from "../i18n/format";
import ko from "../i18n/ko.json";
import type { ExecutionEvent } from "../live/events";
import { eventSummary } from "./eventSummary";

const envelope = { execution_id: "e", seq: 1, ts: "2026-11-24T10:00:00.000Z" };
const every: ExecutionEvent[] = [
  { ...envelope, type: "execution_start", pipeline_id: "p", pipeline_version: 3 },
  { ...envelope, type: "step_start", node_id: "n", label: "L", attempt: 2 },
  { ...envelope, type: "step_start", node_id: "n", label: "L", attempt: 1, restarted: true, agent_slug: "critic" },
  { ...envelope, type: "agent_streaming", node_id: "n", agent_slug: "optimist", chunk: `긴 \n 텍스트 ${"가".repeat(300)}` },
  { ...envelope, type: "tool_call", node_id: "n", mcp: "firecrawl", tool: "search", status: "completed", duration_ms: 1200 },
  { ...envelope, type: "step_complete", node_id: "n", label: "L", duration_ms: 120, cost: 100, input_tokens: 10, output_tokens: 20 },
  { ...envelope, type: "step_failed", node_id: "n", label: "L", attempt: 1, error: { code: "provider_error", message: "503" }, will_retry: true },
  { ...envelope, type: "step_skipped", node_id: "n", label: "L" },
  { ...envelope, type: "approval_required", node_id: "n", label: "L", message: "", approvers: ["owner"] },
  { ...envelope, type: "approval_resolved", node_id: "n", decision: "rejected", by: null, comment: "아니요" },
  { ...envelope, type: "credits_charged", node_id: "n", amount: 100, balance: 9900 },
  { ...envelope, type: "execution_complete", status: "completed", total_cost: 150, duration_ms: 2500 },
];

describe("the event log's one-line summaries", () => {
  for (const [language, resources] of [["ko", ko], ["en", en]] as const) {
    test(`every event type reads as words in ${language}, no missing key`, async () => {
      const i18n = i18next.createInstance();
      await i18n.init({ lng: language, resources: { [language]: { translation: resources } }, interpolation: { escapeValue: false } });
      const lines = every.map((e) => eventSummary(e, i18n.t, formatters(language)));
      for (const line of lines) {
        expect(line).not.toMatch(/events\.summary|execution\.status/);
        expect(line.length).toBeGreaterThan(0);
        expect(line.length).toBeLessThanOrEqual(120);
      }
      expect(lines[2]).toContain("critic");
      expect(lines[3]).toMatch(/^optimist: 긴 텍스트 가+…$/);
      expect(lines[5]).toContain("₩100");
      expect(lines[11]).toContain(language === "ko" ? "완료" : "Completed");
    });
  }
});
