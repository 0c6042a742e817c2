import { describe, expect, it } from "vitest";
import type { Execution } from "../api/types";
import { actionsFor, compareBlocker } from "./actions";
import { apiQueryOf, filtersFromSearch, rangeIsBackwards, searchOf, startOfDay } from "./filters";

describe("history filters", () => {
  it("reads what the URL asks for and ignores what it cannot read", () => {
    const filters = filtersFromSearch(
      new URLSearchParams("pipeline=p1&status=failed&from=2026-11-01&to=yesterday"),
    );
    expect(filters).toEqual({ pipeline: "p1", status: "failed", from: "2026-11-01" });
    expect(filtersFromSearch(new URLSearchParams("status=exploded"))).toEqual({});
  });

  it("writes only what is set, so a shared link reads back the same", () => {
    const filters = { pipeline: "p1", status: "completed" as const, to: "2026-11-28" };
    expect(searchOf(filters).toString()).toBe("pipeline=p1&status=completed&to=2026-11-28");
    expect(filtersFromSearch(searchOf(filters))).toEqual(filters);
    expect(searchOf({}).toString()).toBe("");
  });

  it("asks the API for whole local days: to is the start of the day after", () => {
    const query = apiQueryOf({ pipeline: "p1", from: "2026-11-27", to: "2026-11-28" }, 20, "c1");
    expect(query.get("pipeline_id")).toBe("p1");
    expect(query.get("from")).toBe(new Date(2026, 10, 27).toISOString());
    expect(query.get("to")).toBe(new Date(2026, 10, 29).toISOString());
    expect(query.get("limit")).toBe("20");
    expect(query.get("cursor")).toBe("c1");
    expect(query.has("status")).toBe(false);
    // The last day of a month rolls over.
    expect(startOfDay("2026-11-30", 1)).toBe(new Date(2026, 11, 1).toISOString());
  });

  it("knows a range that ends before it begins", () => {
    expect(rangeIsBackwards({ from: "2026-11-28", to: "2026-11-27" })).toBe(true);
    expect(rangeIsBackwards({ from: "2026-11-28", to: "2026-11-28" })).toBe(false);
    expect(rangeIsBackwards({ from: "2026-11-28" })).toBe(false);
  });
});

describe("history actions", () => {
  it("offers re-run always, retry for failed runs and cancel for active ones, to members and up", () => {
    expect(actionsFor("completed", "member")).toEqual(["rerun"]);
    expect(actionsFor("failed", "owner")).toEqual(["rerun", "retry"]);
    expect(actionsFor("running", "admin")).toEqual(["rerun", "cancel"]);
    expect(actionsFor("awaiting_approval", "member")).toEqual(["rerun", "cancel"]);
    expect(actionsFor("queued", "member")).toEqual(["rerun", "cancel"]);
    expect(actionsFor("cancelled", "member")).toEqual(["rerun"]);
  });

  it("offers a viewer nothing", () => {
    expect(actionsFor("failed", "viewer")).toEqual([]);
    expect(actionsFor("running", undefined)).toEqual([]);
  });

  it("compares exactly two runs of one pipeline", () => {
    const run = (id: string, pipeline: string) => ({ id, pipeline_id: pipeline }) as Execution;
    expect(compareBlocker([run("a", "p")])).toBe("pickTwo");
    expect(compareBlocker([run("a", "p"), run("b", "q")])).toBe("samePipeline");
    expect(compareBlocker([run("a", "p"), run("b", "p")])).toBeNull();
    expect(compareBlocker([run("a", "p"), run("b", "p"), run("c", "p")])).toBe("pickTwo");
  });
});
