// The agents area: the demo agent 비평가 edited (system prompt, temperature, a model from the price
// table), kept after a reload; a temperature the server refuses shows its error at the field; the
// playground streams a reply piece by piece, then shows tokens, cost and credits; a new agent made
// from scratch. BrowserIT sets AGENTS_MARKER: the edited prompt then carries it and the loopback
// Anthropic provider streams the reply slowly. By hand, against a service started with the README's
// command (no provider key), the agent goes back to the simulated model before the playground.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, PASSWORD, screenshot, signUp, withPage } from "./browser.mjs";

const marker = process.env.AGENTS_MARKER;
const MODEL = "claude-haiku-4-5-20251001";
const PROMPT = `당신은 입찰 계획의 위험을 세 줄로 요약하는 비평가입니다. ${marker ?? ""}`.trim();

await withPage(async (page) => {
  await signUp(page);

  // The list: the demo agents, each with its model.
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "에이전트" }).click();
  await page.waitForURL(/\/agents$/);
  await page.getByRole("heading", { name: "에이전트", level: 1 }).waitFor();
  const critic = page.locator('tr[data-slug="critic"]');
  await critic.waitFor({ timeout: 10_000 });
  assert.match(await critic.innerText(), /simulated/);
  await expectAccessible(page, "agents list");
  await screenshot(page, "agents-list");

  // Edit the demo agent.
  await critic.getByRole("link").click();
  await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
  const prompt = page.getByLabel("시스템 프롬프트");
  await prompt.waitFor();
  assert.match(await prompt.inputValue(), /비평가/);
  await expectAccessible(page, "agent editor");
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(sideways <= 0, `no horizontal scrolling at a laptop's width (${sideways}px too wide)`);
  await prompt.fill(PROMPT);
  const temperature = page.getByLabel("온도 (temperature)");
  await temperature.fill("0.5");
  await page.getByRole("radio", { name: MODEL }).check();
  await page.getByRole("button", { name: "저장", exact: true }).click();
  await page.getByText("저장했습니다.").waitFor({ timeout: 10_000 });

  // Kept: a reload reads it back from the server.
  await page.reload();
  await prompt.waitFor();
  assert.equal(await prompt.inputValue(), PROMPT);
  assert.equal(await temperature.inputValue(), "0.5");
  assert.ok(await page.getByRole("radio", { name: MODEL }).isChecked(), "the chosen model is kept");

  // A temperature the server refuses: its error is shown at the field, the field marked invalid.
  await temperature.fill("5");
  await page.getByRole("button", { name: "저장", exact: true }).click();
  const fieldError = page.locator('[data-field-error="agent-param-temperature"]');
  await fieldError.waitFor({ timeout: 10_000 });
  assert.match(await fieldError.innerText(), /between 0 and 2/);
  assert.equal(await temperature.getAttribute("aria-invalid"), "true");
  await page.getByRole("alert").filter({ hasText: "표시된 항목을 고쳐" }).waitFor();
  await expectAccessible(page, "agent editor with a field error");
  await temperature.scrollIntoViewIfNeeded();
  await screenshot(page, "agents-field-error", { fullPage: false });
  await page.getByRole("button", { name: "변경 취소" }).click();
  assert.equal(await temperature.inputValue(), "0.5");

  if (!marker) {
    // No provider key by hand: the playground runs on the simulated model.
    await page.getByRole("radio", { name: "simulated" }).check();
    await page.getByRole("button", { name: "저장", exact: true }).click();
    await page.getByText("저장했습니다.").waitFor({ timeout: 10_000 });
  }

  // The playground: the reply grows while it streams, then its usage and cost.
  await page.getByLabel("메시지").fill("이번 입찰 계획의 가장 큰 위험은 무엇인가요?");
  await page.getByRole("button", { name: "▶ 보내기" }).click();
  const growing = (shorterThan) =>
    page.waitForFunction(
      (seen) => {
        const el = document.querySelector('[data-testid="playground-reply"][data-streaming="true"]');
        const text = el?.textContent ?? "";
        return text && !text.startsWith("응답을 기다리는") && text.length > seen ? text.length : false;
      },
      shorterThan,
      { polling: "raf", timeout: 30_000 },
    );
  const first = await (await growing(0)).jsonValue();
  const second = await (await growing(first)).jsonValue();
  assert.ok(second > first, `the reply grew while streaming (${first} → ${second} characters)`);
  const usage = page.getByTestId("playground-usage");
  await usage.waitFor({ timeout: 30_000 });
  const usageText = await usage.innerText();
  assert.match(usageText, /입력 토큰\s*[\d,]+/);
  assert.match(usageText, /출력 토큰\s*[\d,]+/);
  assert.match(usageText, /비용\s*₩[\d,.]+/);
  assert.match(usageText, /남은 크레딧\s*₩[\d,.]+/);
  const replies = page.locator(".conversation .message.assistant .text");
  assert.ok((await replies.last().innerText()).length >= second, "the whole reply stays in the conversation");
  if (marker) assert.match(usageText, /입력 토큰\s*1,200/);
  await expectAccessible(page, "agent playground");
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "agent-playground", { fullPage: false });

  // A new agent from scratch, on the simulated model.
  await page.getByRole("link", { name: "← 에이전트 목록" }).click();
  await page.getByRole("link", { name: "새 에이전트" }).click();
  await page.waitForURL(/\/agents\/new$/);
  await page.getByLabel("이름").fill("Risk Summarizer");
  assert.equal(await page.getByLabel("슬러그").inputValue(), "risk_summarizer");
  await page.getByLabel("시스템 프롬프트").fill("위험을 세 줄로 요약합니다.");
  await page.getByLabel("실행당 비용 (₩)").fill("5");
  if (marker) {
    // Its replies come slowly from the loopback provider: long enough to be stopped mid-way.
    await page.getByLabel("시스템 프롬프트").fill(`위험을 세 줄로 요약합니다. ${marker}`);
    await page.getByRole("radio", { name: MODEL }).check();
  }
  // One tool of the slack preset (simulated without its keys), listed when its connection opens.
  await page.getByRole("button", { name: "▸ slack" }).click();
  await page.getByRole("checkbox", { name: /slack_post_message/ }).check();
  await page.getByText("slack · slack_post_message").waitFor();
  await expectAccessible(page, "new agent");
  await page.getByRole("button", { name: "만들기" }).click();
  await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
  await page.getByRole("heading", { name: "Risk Summarizer", level: 1 }).waitFor();

  // Stopped mid-way: the text so far stays, marked as cut, and the page says what was charged.
  await page.getByLabel("메시지").fill("길게 설명해 주세요.");
  await page.getByRole("button", { name: "▶ 보내기" }).click();
  await growing(0);
  await page.getByRole("button", { name: "■ 중지" }).click();
  await page.getByRole("alert").filter({ hasText: "중지했습니다" }).waitFor();
  await page.getByText("(끝나기 전에 멈춘 응답)").waitFor();
  assert.equal(await page.getByTestId("playground-usage").count(), 0);
  await page.getByRole("link", { name: "← 에이전트 목록" }).click();
  const created = page.locator('tr[data-slug="risk_summarizer"]');
  await created.waitFor();
  assert.equal(await created.locator("td.number").innerText(), "1", "its one tool is counted");

  // A viewer of this workspace reads the agents and has no write control, nor the playground.
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const me = await (await page.request.get(`${baseUrl}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).json();
  const ws = me.workspaces[0];
  const viewer = `viewer-${Date.now()}@example.com`;
  const signup = await page.request.post(`${baseUrl}/api/auth/signup`, {
    data: { email: viewer, password: PASSWORD, name: "뷰어" },
  });
  assert.equal(signup.status(), 201, await signup.text());
  const added = await page.request.post(`${baseUrl}/api/workspaces/${ws.id}/members`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { email: viewer, role: "viewer" },
  });
  assert.equal(added.status(), 201, await added.text());
  await page.getByRole("button", { name: "로그아웃" }).click();
  await page.getByLabel("이메일").fill(viewer);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  // Sign-in leads back to where the previous user was (the agents list).
  await page.getByRole("button", { name: "로그아웃" }).waitFor();
  await page.getByLabel("워크스페이스").selectOption(ws.id);
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "에이전트" }).click();
  await page.locator('tr[data-slug="critic"]').waitFor();
  await page.getByText("뷰어 권한으로는 에이전트를 볼 수만 있습니다").waitFor();
  assert.equal(await page.getByRole("link", { name: "새 에이전트" }).count(), 0);
  await page.locator('tr[data-slug="critic"]').getByRole("link").click();
  await page.getByLabel("시스템 프롬프트").waitFor();
  assert.equal(await page.getByLabel("시스템 프롬프트").inputValue(), PROMPT);
  assert.ok(await page.getByLabel("시스템 프롬프트").isDisabled(), "a viewer cannot edit the prompt");
  assert.ok(await page.getByRole("radio", { name: MODEL }).isDisabled(), "nor pick a model");
  for (const name of ["저장", "삭제", "▶ 보내기"]) {
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, `no ${name} for a viewer`);
  }
  await page.getByText("뷰어는 에이전트를 실행할 수 없습니다").waitFor();
  await expectAccessible(page, "agent page of a viewer");
  console.log(`agents: edited, refused temperature shown, streamed ${first} → ${second} characters, created, read-only for a viewer`);
});
