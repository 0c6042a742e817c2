// Sign out and back in (a wrong password shows the service's own words), switch to English, and a
// reload keeps both the session (sessionStorage) and the language.
import assert from "node:assert/strict";
import { baseUrl, PASSWORD, signUp, withPage } from "./browser.mjs";

await withPage(async (page) => {
  const email = await signUp(page);
  await page.getByRole("button", { name: "로그아웃" }).click();
  await page.waitForURL(/\/signin$/);

  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("not the password");
  await page.getByRole("button", { name: "로그인" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.ok((await alert.innerText()).trim().length > 0, "the refusal is explained");
  assert.match(page.url(), /\/signin$/);

  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await page.waitForURL(/\/pipelines$/);
  await page.locator("article.card").first().waitFor();

  await page.getByLabel("언어").selectOption("en");
  await page.getByRole("heading", { name: "Pipelines", level: 1 }).waitFor();
  assert.equal(await page.getByRole("button", { name: /▶ Run/ }).count(), 4);

  await page.reload();
  await page.getByRole("heading", { name: "Pipelines", level: 1 }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  console.log(`ok: sign-out, refused and accepted sign-in, English kept across a reload at ${baseUrl}`);
});
