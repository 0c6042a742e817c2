// The settings area. Owner A signs up and sets a secret with a canary value: afterwards the value is
// nowhere (page text and HTML, every network response recorded since, session and local storage),
// not after replacing it (version 2) either; another secret is deleted after a confirmation. On MCP
// connections: the slack preset (no secret: simulated) is tested, its tools listed and one called
// through the form built from its input schema; an HTTP connection is added with a header picked
// from the secrets, and its test failure is said in plain words. User B signs up in a second
// browser; A adds B as a viewer; A's attempt to stop being the last owner is refused, in words. B,
// in A's workspace, finds every write control of the settings and of the pipelines disabled, with
// the reason. axe finds nothing serious on the three tabs.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

const CANARY = `canary-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
const CANARY2 = `${CANARY}-v2`;

/** Every control in the page's main part that a user could act on (tab links aside). */
const enabledControls = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("main button, main input, main select, main textarea")]
      .filter((el) => !el.disabled)
      .map((el) => el.getAttribute("aria-label") || el.textContent || el.outerHTML.slice(0, 80)),
  );

await withPage(async (page) => {
  const emailA = await signUp(page);
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const me = await (await fetch(`${baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const wsA = me.workspaces[0].id;

  // Every response from now on, its body kept for the search for the canary.
  const bodies = [];
  page.on("response", (response) => {
    bodies.push(
      response
        .body()
        .then((b) => ({ url: response.url(), text: b.toString("utf8") }))
        .catch(() => ({ url: response.url(), text: "" })),
    );
  });

  // --- Secrets -------------------------------------------------------------------------------
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "설정" }).click();
  await page.waitForURL(/\/settings\/secrets$/);
  await page.getByText("아직 비밀값이 없습니다").waitFor();

  const main = page.locator("main");
  const setSecret = async (name, value, button = "저장") => {
    if (name !== null) await main.getByLabel("이름", { exact: true }).fill(name);
    await main.getByLabel("값", { exact: true }).fill(value);
    await main.getByRole("button", { name: button, exact: true }).click();
  };
  const row = (name) => page.locator(`tr[data-secret="${name}"]`);

  await setSecret("ui_canary", CANARY);
  await page.getByRole("status").filter({ hasText: "ui_canary을(를) 저장했습니다 (버전 1)" }).waitFor();
  assert.equal(await main.getByLabel("값", { exact: true }).inputValue(), "", "the value field is cleared");
  assert.equal(await main.getByLabel("값", { exact: true }).getAttribute("type"), "password");
  await row("ui_canary").getByText("사용한 적 없음").waitFor();

  await setSecret("ui_other", `${CANARY}-other`);
  await row("ui_other").waitFor();

  // Replace: the row's button puts the name in the form; the submit button says it replaces.
  await page.getByRole("button", { name: "ui_canary 값 바꾸기" }).click();
  assert.equal(await main.getByLabel("이름", { exact: true }).inputValue(), "ui_canary");
  await main.getByText("ui_canary의 값을 바꿉니다: 버전 2이 됩니다.").waitFor();
  await setSecret(null, CANARY2, "값 바꾸기");
  await page.getByRole("status").filter({ hasText: "(버전 2)" }).waitFor();
  await row("ui_canary").locator("td.number", { hasText: /^2$/ }).waitFor();

  // Delete, confirmed, by keyboard: the question takes focus on 아니요 (Esc says no), Shift+Tab 삭제.
  await page.getByRole("button", { name: "ui_other 삭제" }).focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("alertdialog");
  await confirm.getByText("비밀값 ui_other을(를) 삭제할까요?").waitFor();
  assert.ok(await confirm.getByRole("button", { name: "아니요" }).evaluate((b) => b === document.activeElement));
  await page.keyboard.press("Escape");
  await confirm.waitFor({ state: "detached" });
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "ui_other 삭제");
  await page.keyboard.press("Enter");
  await confirm.getByRole("button", { name: "아니요" }).waitFor();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await row("ui_other").waitFor({ state: "detached" });
  await expectAccessible(page, "settings: secrets");
  await screenshot(page, "settings-secrets");

  // The canary nowhere: page text, HTML, storage, any response body.
  const checkNoCanary = async (where) => {
    const html = await page.content();
    const text = await page.evaluate(() => document.body.innerText);
    const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    const inputs = await page.evaluate(() => [...document.querySelectorAll("input, textarea")].map((i) => i.value).join("\n"));
    for (const [what, s] of Object.entries({ html, text, storage, inputs })) {
      assert.ok(!s.includes(CANARY), `${where}: the secret's value is in the page's ${what}`);
    }
    const recorded = await Promise.all(bodies);
    assert.ok(recorded.some((r) => r.url.includes("/secrets")), "the secrets' responses were recorded");
    for (const r of recorded) {
      assert.ok(!r.text.includes(CANARY), `${where}: the secret's value is in the response of ${r.url}`);
    }
    return recorded.length;
  };
  const seen = await checkNoCanary("after saving");
  console.log(`canary absent from page, storage and ${seen} responses`);

  // --- MCP connections -----------------------------------------------------------------------
  await page.getByRole("link", { name: "MCP 연결" }).click();
  await page.waitForURL(/\/settings\/mcp$/);
  const slack = page.locator('article[data-connection="slack"]');
  await slack.locator('[data-status="simulated"]').waitFor();
  await slack.getByText("시뮬레이션 (비밀값 없음)").waitFor();
  await slack.getByRole("button", { name: "slack 연결 테스트" }).click();
  await slack.getByTestId("test-result").filter({ hasText: "시뮬레이션 모드로 응답합니다" }).waitFor();

  await slack.getByRole("button", { name: "slack 도구 보기" }).click();
  const tools = page.getByRole("region", { name: "slack의 도구" });
  await tools.getByText("slack_list_channels").waitFor();
  await tools.getByRole("button", { name: "slack_list_channels 호출 양식 열기" }).click();
  const call = page.getByRole("region", { name: "slack_list_channels 호출" });
  await call.getByLabel("limit").fill("2");
  await call.getByRole("button", { name: "호출", exact: true }).click();
  const result = call.getByTestId("tool-result");
  await result.waitFor();
  const resultText = await result.innerText();
  assert.match(resultText, /channels/, resultText);

  // An HTTP connection whose header is a secret picked by name; its test fails, in words.
  await page.getByRole("button", { name: "연결 추가" }).click();
  const form = page.getByRole("form", { name: "새 MCP 연결" });
  await form.getByLabel("이름", { exact: true }).fill("ui-http");
  await form.getByLabel("HTTP", { exact: true }).check();
  await form.getByLabel("URL").fill("https://mcp.invalid/mcp");
  await form.getByRole("button", { name: "헤더 이름 추가" }).click();
  await form.getByLabel("1번째 헤더 이름").fill("Authorization");
  await form.getByLabel("1번째 값: 비밀값 선택").selectOption("ui_canary");
  await expectAccessible(page, "settings: MCP connection form");
  await form.getByRole("button", { name: "저장", exact: true }).click();
  const http = page.locator('article[data-connection="ui-http"]');
  await http.getByText("https://mcp.invalid/mcp").waitFor();
  await http.getByText("ui_canary").waitFor();
  await http.getByRole("button", { name: "ui-http 연결 테스트" }).click();
  await http.getByTestId("test-result").filter({ hasText: "연결 실패:" }).waitFor({ timeout: 60_000 });
  await expectAccessible(page, "settings: MCP connections");
  await screenshot(page, "settings-mcp");

  // --- Members -------------------------------------------------------------------------------
  const contextB = await page.context().browser().newContext({ locale: "ko-KR", viewport: { width: 1280, height: 860 } });
  const pageB = await contextB.newPage();
  const emailB = await signUp(pageB);

  await page.getByRole("link", { name: "멤버" }).click();
  await page.waitForURL(/\/settings\/members$/);
  await page.locator(`tr[data-member="${emailA}"]`).waitFor();
  await main.getByLabel("이메일", { exact: true }).fill(emailB);
  await main.getByLabel("역할", { exact: true }).selectOption("viewer");
  await main.getByRole("button", { name: "초대", exact: true }).click();
  await page.getByRole("status").filter({ hasText: `${emailB}을(를) 추가했습니다.` }).waitFor();
  const rowB = page.locator(`tr[data-member="${emailB}"]`);
  assert.equal(await rowB.getByRole("combobox").inputValue(), "viewer");

  // The last owner cannot step down: the server refuses, the page says why.
  const rowA = page.locator(`tr[data-member="${emailA}"]`);
  await rowA.getByRole("combobox").selectOption("admin");
  await rowA.getByRole("button", { name: /역할 변경$/ }).click();
  await rowA.getByRole("alert").filter({ hasText: "워크스페이스에는 소유자가 적어도 한 명 있어야 합니다" }).waitFor();
  assert.equal(await rowA.getByRole("combobox").inputValue(), "owner", "the select is back to the role kept");
  await expectAccessible(page, "settings: members");
  await screenshot(page, "settings-members");
  await checkNoCanary("at the end");

  // --- B, a viewer in A's workspace ----------------------------------------------------------
  await pageB.goto(`${baseUrl}/pipelines`);
  await pageB.getByLabel("워크스페이스").selectOption(wsA);
  const runButtons = pageB.getByRole("button", { name: /^▶ 실행: / });
  await runButtons.first().waitFor();
  const runs = await runButtons.count();
  assert.ok(runs > 0);
  for (let i = 0; i < runs; i++) assert.ok(await runButtons.nth(i).isDisabled(), "▶ 실행 is disabled for a viewer");
  await pageB.getByText("뷰어는 파이프라인을 실행할 수 없습니다").first().waitFor();
  assert.deepEqual(await enabledControls(pageB), [], "no enabled control on the pipelines");

  for (const [tab, ready] of [
    ["secrets", 'tr[data-secret="ui_canary"]'],
    ["mcp", 'article[data-connection="slack"]'],
    ["members", `tr[data-member="${emailB}"]`],
  ]) {
    await pageB.goto(`${baseUrl}/settings/${tab}`);
    await pageB.locator(ready).waitFor();
    await pageB.getByRole("note").first().waitFor();
    assert.match(await pageB.getByRole("note").first().innerText(), /보기 전용/);
    assert.deepEqual(await enabledControls(pageB), [], `no enabled control on settings/${tab} for a viewer`);
    await expectAccessible(pageB, `settings/${tab} as a viewer`);
    if (tab === "mcp") await screenshot(pageB, "settings-viewer-mcp");
  }
  await contextB.close();
});
