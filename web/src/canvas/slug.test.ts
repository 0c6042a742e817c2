import { describe, expect, it } from "vitest";
import { slugOf } from "./slug";

describe("slugOf", () => {
  it("makes a contract slug from a latin name", () => {
    expect(slugOf("Canvas Test — v2!")).toBe("canvas_test_v2");
    expect(slugOf("2nd pipeline")).toBe("nd_pipeline");
  });

  it("falls back to a dated slug when the name has no latin letters", () => {
    expect(slugOf("캔버스 파이프라인", 36 ** 3)).toBe("pipeline_1000");
  });
});
