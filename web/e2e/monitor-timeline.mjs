// The monitor while a run goes on. A pipeline of its own (조사 → 작성) run from its card with a
// budget: 총 비용 grows on its meter against the budget, 소요시간 ticks, the timeline draws a bar per
// node, and the virtualised event log ends with execution_complete. BrowserIT sets MONITOR_MARKER:
// the agent then runs on a loopback model provider that fails 자료 조사's first attempt and streams
// 보고서 작성 slowly, so the retry shows as two bars, the first one failed. By hand, against a
// service started with the README's command, the agent is simulated (slow enough to watch) and the
// retry is not checked.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

const marker = process.env.MONITOR_MARKER;
const won = (text) => Number(text.replace(/[^\d.]/g, ""));

await withPage(async (page) => {
  await signUp(page);

  // The agent and the pipeline, through the API with the session's token.
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const headers = { Authorization: `Bearer ${token}` };
  const me = await (await page.request.get(`${baseUrl}/api/me`, { headers })).json();
  const ws = `${baseUrl}/api/workspaces/${me.workspaces[0].id}`;
  const agent = await page.request.post(`${ws}/agents`, {
    headers,
    data: {
      slug: "monitor_writer",
      name: "모니터 작성자",
      ...(marker
        ? { model_provider: "anthropic", model: "claude-sonnet-4-20250514" }
        : { model_provider: "simulated", model: "simulated", cost_per_run: 20 }),
      system_prompt: `자료를 조사하고 짧은 보고서를 씁니다. ${marker ?? ""}`,
      parameters: { max_tokens: 512 },
    },
  });
  assert.equal(agent.status(), 201, await agent.text());
  const pipeline = await page.request.post(`${ws}/pipelines`, {
    headers,
    data: {
      slug: "monitor_demo",
      name: "모니터 데모",
      description: "자료 조사(실패하면 다시 시도) 후 보고서 작성",
      graph_definition: {
        entry_point: "start",
        nodes: [
          { id: "start", type: "trigger", label: "시작" },
          { id: "check", type: "validation", label: "입력 검증", schema: { type: "object", required: ["topic"], properties: { topic: { type: "string" } } } },
          { id: "research", type: "agent_call", label: "자료 조사", agent_slug: "monitor_writer", retry: { max_attempts: 2, backoff_ms: 300 } },
          { id: "write", type: "agent_call", label: "보고서 작성", agent_slug: "monitor_writer" },
          { id: "done", type: "finalize", label: "최종 결과 저장" },
        ],
        edges: [
          { from: "start", to: "check" },
          { from: "check", to: "research" },
          { from: "research", to: "write" },
          { from: "write", to: "done" },
        ],
        metadata: { sample_input: { topic: "AI 바우처 사업" } },
      },
    },
  });
  assert.equal(pipeline.status(), 201, await pipeline.text());

  await page.reload();
  await page.locator('article.card[data-slug="monitor_demo"]').getByRole("button", { name: /▶ 실행/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/예산/).fill("100");
  await dialog.getByRole("button", { name: "실행", exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  const executionId = page.url().split("/").pop();

  // 소요시간 ticks while the run goes on.
  const elapsed = page.getByTestId("elapsed");
  await page.locator('[data-testid="elapsed"][data-ticking="true"]').waitFor({ timeout: 30_000 });
  const before = await elapsed.innerText();
  await page.waitForFunction(
    (seen) => {
      const now = document.querySelector('[data-testid="elapsed"]');
      return now?.getAttribute("data-ticking") === "true" && now.textContent !== seen;
    },
    before,
    { timeout: 5_000 },
  );

  // 총 비용 grows on the meter while the run goes on: above ₩0 before the end.
  const meter = page.getByRole("meter", { name: "예산 대비 비용" });
  assert.equal(await meter.getAttribute("aria-valuemax"), "100");
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="execution-status"]')?.getAttribute("data-status") === "running" &&
      Number(document.querySelector('[role="meter"]')?.getAttribute("aria-valuenow")) > 0,
    null,
    { timeout: 60_000 },
  );
  const midway = Number(await meter.getAttribute("aria-valuenow"));
  assert.match(await meter.getAttribute("aria-valuetext"), /^예산 ₩100 중 ₩[\d,.]+ 사용$/);
  // 보고서 작성 runs: its bar is open on the timeline and grows.
  await page.locator('.tl-row[data-node-id="write"] .tl-bar.tl-open').waitFor();
  await page.locator(".event-summary", { hasText: "monitor_writer:" }).first().waitFor();
  await expectAccessible(page, "running execution");
  await screenshot(page, "execution-running");

  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 90_000 });
  const final = won(await page.getByTestId("total-cost").innerText());
  assert.ok(midway > 0 && midway < final, `the cost grew: ₩${midway} during the run, ₩${final} at the end`);
  assert.equal(Number(await meter.getAttribute("aria-valuenow")), final);
  // Once ended the clock stops at execution_complete's duration.
  assert.equal(await elapsed.getAttribute("data-ticking"), "false");
  const stopped = await elapsed.innerText();
  assert.match(stopped, /^[\d.,]+(ms|s)$/);

  // The timeline: a row per node of the graph, each ending in a completed bar, none still open.
  const rows = page.locator(".tl-row");
  assert.equal(await rows.count(), 5);
  for (let i = 0; i < 5; i++) {
    const bars = rows.nth(i).locator(".tl-bar");
    assert.ok((await bars.count()) >= 1, `row ${i} has a bar`);
    assert.equal(await bars.last().getAttribute("data-status"), "completed");
  }
  assert.equal(await page.locator(".tl-bar.tl-open").count(), 0);
  assert.match(await rows.first().locator(".tl-bar").first().innerText(), /시작 시도 1: .+, 완료/);

  // The event log: virtualised (fewer rows in the page than events), the last is execution_complete.
  const events = page.getByRole("region", { name: "이벤트 목록" });
  const count = Number((await page.locator("#events-title .count").innerText()).replace(/\D/g, ""));
  assert.ok(count > 20, `${count} events`);
  await events.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = events.locator(`li[data-seq="${count}"]`);
  await last.waitFor();
  assert.equal(await last.getAttribute("data-type"), "execution_complete");
  assert.match(await last.innerText(), /완료 · ₩/);
  assert.ok((await events.locator("li").count()) < count, "only the rows in view are rendered");
  await events.evaluate((el) => (el.scrollTop = 0));
  await events.locator('li[data-seq="1"][data-type="execution_start"]').waitFor();

  if (marker) {
    // 자료 조사 failed once at the provider and its retry answered: two bars, the first failed.
    const research = page.locator('.tl-row[data-node-id="research"] .tl-bar');
    assert.deepEqual(
      await research.evaluateAll((bars) => bars.map((b) => [b.dataset.attempt, b.dataset.status])),
      [["1", "failed"], ["2", "completed"]],
    );
    assert.match(await research.first().innerText(), /자료 조사 시도 1: .+, 실패 \(provider_error\)/);
    await events.evaluate((el) => (el.scrollTop = 0));
    assert.match(await events.locator('li[data-type="step_failed"]').innerText(), /다시 시도합니다/);
  } else {
    console.log("retry not checked: MONITOR_MARKER (set by BrowserIT) makes the first attempt fail");
  }
  await expectAccessible(page, "finished execution with its timeline and event log");
  await screenshot(page, "execution-timeline");
  console.log(`ok: ${executionId}: ₩${midway} → ₩${final}, ${stopped}, ${count} events`);
});
