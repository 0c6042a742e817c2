// "Google로 계속하기". With OIDC_ISSUER set (the service configured for the loopback fake issuer of
// the test): the button leads through the issuer's consent page back into /pipelines, signed in as a
// new user whose workspace is named in Korean, with the token gone from the URL; declining consent
// lands on the sign-in page with the reason. Without it: the sign-in page has no such button.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, screenshot, withPage } from "./browser.mjs";

const issuer = process.env.OIDC_ISSUER;

await withPage(async (page) => {
  const providers = page.waitForResponse((r) => r.url().endsWith("/api/auth/providers"));
  await page.goto(`${baseUrl}/signin`);
  assert.equal((await providers).status(), 200);
  await page.getByRole("button", { name: "로그인" }).waitFor();
  const button = page.getByRole("link", { name: "Google로 계속하기" });

  if (!issuer) {
    // The answer is in and rendered: no button without an issuer.
    assert.deepEqual((await (await providers).json()).providers, []);
    assert.equal(await button.count(), 0, "no OpenID button without ORCHESTRATE_OIDC_*");
    console.log(`ok: no OpenID button at ${baseUrl} without an issuer`);
    return;
  }

  await button.waitFor();
  await expectAccessible(page, "sign-in page with the OpenID button");
  await screenshot(page, "signin-oidc");
  await button.click();
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/authorize`));
  const cont = page.getByRole("button", { name: /^Continue as / });
  const email = (await cont.innerText()).replace(/^Continue as /, "");
  await cont.click();

  await page.waitForURL(/\/pipelines$/);
  assert.equal(new URL(page.url()).hash, "", "the token is not left in the URL");
  await page.locator("article.card").first().waitFor();
  const workspace = page.getByLabel("워크스페이스");
  const selected = await workspace.evaluate((s) => s.options[s.selectedIndex].text);
  assert.match(selected, /의 워크스페이스/, "a new user's workspace is named in Korean");
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const me = await page.evaluate(async (t) => {
    const r = await fetch("/api/me", { headers: { Authorization: `Bearer ${t}` } });
    return r.json();
  }, token);
  assert.equal(me.user.email, email);

  // Declined at the issuer: back on the sign-in page, told why.
  await page.getByRole("button", { name: "로그아웃" }).click();
  await page.waitForURL(/\/signin$/);
  await page.getByRole("link", { name: "Google로 계속하기" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/authorize`));
  await page.getByRole("button", { name: "Deny" }).click();
  await page.waitForURL(/\/signin\?oidc_error=denied$/);
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.innerText(), /로그인을 취소했습니다/);
  await expectAccessible(page, "sign-in page after a declined consent");
  await screenshot(page, "signin-oidc-denied");
  console.log(`ok: signed in as ${email} through ${issuer}, and a declined consent explained`);
});
