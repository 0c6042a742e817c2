import { describe, expect, it } from "vitest";
import { actorOf, auditQuery, chainState, cursorAt, detailsSummary } from "./model";

describe("audit model", () => {
  it("asks only for the filters set, trimmed", () => {
    const none = { category: "", action: " ", from: "", to: "" };
    expect(auditQuery(none, 50).toString()).toBe("limit=50");
    expect(auditQuery({ ...none, category: " billing", action: "credits.granted" }, 50, "12").toString()).toBe(
      "limit=50&category=billing&action=credits.granted&cursor=12",
    );
    // Local days become instants, the last day included whole.
    const days = auditQuery({ ...none, from: "2026-03-01", to: "2026-03-02" }, 50);
    expect(days.get("from")).toBe(new Date(2026, 2, 1).toISOString());
    expect(days.get("to")).toBe(new Date(2026, 2, 3).toISOString());
    // The page that starts at seq 7 is the one before seq 8.
    expect(cursorAt(7)).toBe("8");
  });

  it("reads the verification: valid with its count, or broken at the first bad seq", () => {
    expect(chainState({ valid: true, entries: 12 })).toEqual({ state: "valid", entries: 12, pending: 0 });
    expect(chainState({ valid: true, entries: 12, pending: 2, stale_pending: 0 })).toEqual({
      state: "valid",
      entries: 12,
      pending: 2,
    });
    // Not valid, yet no entry is wrong: entries waited too long to be linked.
    expect(chainState({ valid: false, entries: 12, pending: 3, stale_pending: 3 })).toEqual({
      state: "stalled",
      entries: 12,
      stale: 3,
    });
    // Not valid, yet no entry is wrong: some seals were made under a master key this server lacks.
    expect(chainState({ valid: false, entries: 12, unverified_seals: 4, missing_seal_keys: [1] })).toEqual({
      state: "unchecked",
      entries: 12,
      unverified: 4,
      missingKeys: [1],
    });
    expect(chainState({ valid: false, entries: 12, first_bad_seq: 5 })).toEqual({
      state: "broken",
      entries: 12,
      firstBadSeq: 5,
    });
  });

  it("names actors who are members, shortens the others", () => {
    const members = [{ user_id: "u-1", email: "a@example.com", name: "앨리스" }];
    expect(actorOf("u-1", members)).toEqual({ kind: "member", name: "앨리스", email: "a@example.com" });
    expect(actorOf("0f8fad5b-d9cb-469f-a165-70867728950e", members)).toEqual({ kind: "unknown", short: "0f8fad5b" });
    expect(actorOf(null, members)).toEqual({ kind: "system" });
  });

  it("summarizes details in a line", () => {
    expect(detailsSummary({ amount: 5, to: { a: 1 } })).toBe('amount: 5, to: {"a":1}');
    expect(detailsSummary({ text: "x".repeat(100) }, 20)).toHaveLength(20);
  });
});
