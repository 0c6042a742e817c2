import { expect, test } from "vitest";
import { tokenFromFragment } from "./fragment";

test("the token comes from the callback's fragment, and only from there", () => {
  expect(tokenFromFragment("#access_token=abc.def.ghi")).toBe("abc.def.ghi");
  expect(tokenFromFragment("access_token=abc")).toBe("abc");
  expect(tokenFromFragment("#access_token=")).toBeNull();
  expect(tokenFromFragment("")).toBeNull();
  expect(tokenFromFragment("#error=x")).toBeNull();
});
