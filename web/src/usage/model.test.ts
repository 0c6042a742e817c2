import { describe, expect, it } from "vitest";
import { dayBars, reportDays, executionOf, groupBars, lastDays, ledgerQuery, parseAmount, rangeIsBackwards } from "./model";

describe("usage model", () => {
  it("asks the ledger only for the filters set", () => {
    expect(ledgerQuery({ type: "", from: "", to: "" }, 20).toString()).toBe("limit=20");
    expect(ledgerQuery({ type: "usage", from: "2026-03-01", to: "2026-03-31" }, 20, "c1").toString()).toBe(
      "limit=20&type=usage&from=2026-03-01&to=2026-03-31&cursor=c1",
    );
    expect(rangeIsBackwards("2026-03-02", "2026-03-01")).toBe(true);
    expect(rangeIsBackwards("2026-03-01", "")).toBe(false);
  });

  it("links usage of a run to its monitor, nothing else", () => {
    const row = { id: "1", type: "usage" as const, amount: -3, description: "", created_at: "" };
    expect(executionOf({ ...row, reference_type: "pipeline_execution", reference_id: "e1" })).toBe("e1");
    expect(executionOf({ ...row, reference_type: "grant", reference_id: "u1" })).toBeNull();
  });

  it("draws every day of the range, zero where nothing was spent", () => {
    const bars = dayBars(
      [{ key: "2026-02-28", amount: 12.5, calls: 2, input_tokens: 0, output_tokens: 0 }],
      "2026-02-27",
      "2026-03-01",
    );
    expect(bars.map((b) => [b.key, b.amount])).toEqual([
      ["2026-02-27", 0],
      ["2026-02-28", 12.5],
      ["2026-03-01", 0],
    ]);
    expect(lastDays(3, new Date(2026, 2, 1))).toEqual({ from: "2026-02-27", to: "2026-03-01" });
  });

  it("reads a report's days in its time zone, not the browser's", () => {
    // March in Seoul: from 2026-02-28T15:00Z up to (excluded) 2026-03-31T15:00Z.
    expect(
      reportDays({ from: "2026-02-28T15:00:00Z", to: "2026-03-31T15:00:00Z", time_zone: "Asia/Seoul" }),
    ).toEqual({ from: "2026-03-01", to: "2026-03-31" });
  });

  it("names groups, the null group too", () => {
    const bars = groupBars(
      [
        { key: "m1", amount: 5, calls: 1, input_tokens: 0, output_tokens: 0 },
        { key: null, amount: 1, calls: 1, input_tokens: 0, output_tokens: 0 },
      ],
      (g) => g.key ?? "other",
    );
    expect(bars.map((b) => b.label)).toEqual(["m1", "other"]);
  });

  it("accepts amounts the server accepts", () => {
    expect(parseAmount("1,000")).toBe(1000);
    expect(parseAmount("2.5")).toBe(2.5);
    expect(parseAmount("0")).toBeNull();
    expect(parseAmount("1.00001")).toBeNull();
    expect(parseAmount("-3")).toBeNull();
  });
});
