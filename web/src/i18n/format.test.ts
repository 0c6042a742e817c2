import { expect, test } from "vitest";
import { formatters } from "./format";

test("money is ₩ in Korean and English, durations switch unit at a second", () => {
  expect(formatters("ko").won(1500)).toBe("₩1,500");
  expect(formatters("en").won(1500)).toBe("₩1,500");
  expect(formatters("ko").duration(120)).toBe("120ms");
  expect(formatters("ko").duration(2300)).toBe("2.3s");
});
