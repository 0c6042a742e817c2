import { expect, test } from "vitest";
import { formatters } from "./format";

test("money is ₩ in Korean and English, durations switch unit at a second", () => {
  expect(formatters("ko").won(1500)).toBe("₩1,500");
  expect(formatters("en").won(1500)).toBe("₩1,500");
  expect(formatters("ko").duration(120)).toBe("120ms");
  expect(formatters("ko").duration(2300)).toBe("2.3s");
});

test("differences carry their sign, and zero none", () => {
  const f = formatters("ko");
  expect(f.signedWon(3.5)).toBe("+₩3.5");
  expect(f.signedWon(-20)).toBe("-₩20");
  expect(f.signedWon(0)).toBe("₩0");
  expect(f.signedNumber(1200)).toBe("+1,200");
  expect(f.signedNumber(0)).toBe("0");
  expect(f.signedDuration(-1500)).toBe("-1.5s");
  expect(f.signedDuration(40)).toBe("+40ms");
  expect(f.signedDuration(0)).toBe("±0ms");
});
