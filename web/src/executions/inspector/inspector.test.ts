import { describe, expect, it } from "vitest";
import en from "../../i18n/en.json";
import ko from "../../i18n/ko.json";
import { KNOWN_ERROR_CODES, errorWordsKey, serverDetail } from "./errorWords";
import { attemptsOf, pretty } from "./values";

const lookup = (messages: unknown, key: string) =>
  key.split(".").reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], messages);

describe("errorWordsKey", () => {
  it("maps every contract error code to its own sentence", () => {
    expect(errorWordsKey("insufficient_credits")).toBe("monitorDetail.errorWords.insufficient_credits");
    expect(errorWordsKey("budget_exceeded")).toBe("monitorDetail.errorWords.budget_exceeded");
    expect(errorWordsKey("timeout")).toBe("monitorDetail.errorWords.timeout");
  });

  it("gives an unknown or missing code the general sentence", () => {
    expect(errorWordsKey("quota_melted")).toBe("monitorDetail.errorWords.unknown");
    expect(errorWordsKey(undefined)).toBe("monitorDetail.errorWords.unknown");
  });

  it("has a sentence in Korean and English for every code", () => {
    for (const code of [...KNOWN_ERROR_CODES, "unknown"]) {
      const key = errorWordsKey(code === "unknown" ? "?" : code);
      expect(lookup(ko, key), `ko ${key}`).toEqual(expect.any(String));
      expect(lookup(en, key), `en ${key}`).toEqual(expect.any(String));
    }
  });

  it("quotes the server's message unless it only repeats the code", () => {
    expect(serverDetail({ code: "tool_error", message: "firecrawl answered 502" })).toBe(
      "firecrawl answered 502",
    );
    expect(serverDetail({ code: "internal", message: "internal" })).toBeUndefined();
    expect(serverDetail({ code: "internal", message: " " })).toBeUndefined();
  });
});

describe("pretty", () => {
  it("prints text as is and values as indented JSON", () => {
    expect(pretty("안녕")).toBe("안녕");
    expect(pretty({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(pretty(null)).toBe("");
  });
});

describe("attemptsOf", () => {
  it("says why an earlier attempt failed when the stream told it", () => {
    const why = { code: "provider_error", message: "Anthropic returned HTTP 500" };
    const rows = attemptsOf({ attempt: 2, status: "completed", earlierErrors: { 1: why } });
    expect(rows.map((r) => r.error)).toEqual([why, undefined]);
  });

  it("lists a retried step's attempts: the earlier failed, the latest as the step is", () => {
    const rows = attemptsOf({
      attempt: 2,
      status: "completed",
      error: null,
      modelCalls: [
        call(1, "failed", 0, 0, 0),
        call(2, "completed", 100, 40, 1.5),
        call(2, "completed", 50, 10, 0.5),
      ],
      toolCalls: [],
    });
    expect(rows).toEqual([
      { attempt: 1, status: "failed", error: undefined, modelCalls: 1, toolCalls: 0, cost: 0, inputTokens: 0, outputTokens: 0 },
      { attempt: 2, status: "completed", error: undefined, modelCalls: 2, toolCalls: 0, cost: 2, inputTokens: 150, outputTokens: 50 },
    ]);
  });

  it("gives the latest attempt the step's error, and none before the first start", () => {
    const error = { code: "timeout", message: "too slow" };
    expect(attemptsOf({ attempt: 1, status: "failed", error })[0]).toMatchObject({
      status: "failed",
      error,
    });
    expect(attemptsOf({ attempt: 0, status: "pending" })).toEqual([]);
    expect(attemptsOf({ attempt: 1, status: "running" })[0]?.status).toBe("running");
  });
});

function call(attempt: number, status: "completed" | "failed", input: number, output: number, cost: number) {
  return {
    agent_slug: "a",
    provider: "simulated",
    model: "simulated",
    simulated: true,
    status,
    attempt,
    input_tokens: input,
    output_tokens: output,
    cost,
  };
}
