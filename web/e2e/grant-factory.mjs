// Sign up, see the four demo pipelines in Korean, open grant_factory's start dialog (its form
// prefilled with the sample input, the cost estimate, a budget), run it, and watch every node of
// its graph reach 완료: agents' text streams in while it runs, the final output reads as Markdown,
// and the node inspector (from the graph, by click and by keyboard, and from the step list) shows a
// node's tokens, cost, prompt and tool calls.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

await withPage(async (page) => {
  await signUp(page);

  await page.getByRole("heading", { name: "파이프라인", level: 1 }).waitFor();
  const cards = page.locator("article.card");
  await cards.nth(3).waitFor();
  assert.equal(await cards.count(), 4);
  const slugs = await cards.evaluateAll((all) => all.map((c) => c.getAttribute("data-slug")));
  assert.deepEqual([...slugs].sort(), ["auto_healing", "document_verify", "grant_factory", "osmu_marketing"]);
  const grant = page.locator('article.card[data-slug="grant_factory"]');
  assert.match(await grant.innerText(), /노드 \d+개/);
  await expectAccessible(page, "pipelines page");
  await screenshot(page, "pipelines");

  // Esc closes the dialog and focus goes back to ▶ 실행.
  const run = grant.getByRole("button", { name: /▶ 실행/ });
  await run.click();
  await page.getByRole("dialog").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  assert.ok(await run.evaluate((b) => b === document.activeElement), "focus is back on ▶ 실행");

  await grant.getByRole("button", { name: /▶ 실행/ }).click();
  const dialog = page.getByRole("dialog", { name: /Grant Factory.* 실행/ });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel(/query/).inputValue(), "AI 솔루션");
  assert.match(await dialog.getByLabel(/company_profile/).inputValue(), /AI 소프트웨어 중소기업/);
  // A fresh workspace has no finished run of it yet, so only the bound shows; later runs add 보통.
  const estimate = dialog.getByTestId("estimate");
  await page.waitForFunction(() => /최대 ₩/.test(document.querySelector('[data-testid="estimate"]')?.textContent ?? ""));
  assert.match(await estimate.innerText(), /^예상 비용: (보통 ₩[\d,]+, )?최대 ₩330$/);
  // Without the required query the service's 422 shows next to the form, and 실행 is held back.
  const query = dialog.getByLabel(/query/);
  await query.fill("");
  await dialog.locator(".problem", { hasText: "query" }).waitFor();
  assert.match(await estimate.innerText(), /입력을 고치면/);
  await dialog.getByRole("button", { name: "실행", exact: true }).click();
  await dialog.getByText("필수 항목입니다.").waitFor();
  assert.match(page.url(), /\/pipelines$/);
  await query.fill("AI 솔루션");
  await page.waitForFunction(() => /최대 ₩/.test(document.querySelector('[data-testid="estimate"]')?.textContent ?? ""));
  assert.equal(await dialog.locator(".problem").count(), 0);
  const budget = dialog.getByLabel(/예산/);
  await budget.fill("1.23456");
  await budget.blur();
  await dialog.getByText("소수점 아래 4자리").waitFor();
  await budget.fill("500");
  assert.equal(await dialog.getByText("소수점 아래 4자리").count(), 0);
  await expectAccessible(page, "start dialog");
  await screenshot(page, "start-dialog");
  const startRequest = page.waitForRequest((r) => r.url().endsWith("/orchestrate/pipeline/start"));
  await dialog.getByRole("button", { name: "실행", exact: true }).click();
  const sent = (await startRequest).postDataJSON();
  assert.equal(sent.budget, 500);
  assert.equal(sent.input.query, "AI 솔루션");
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  await page.locator(".react-flow__node").first().waitFor();
  // Some agent's text shows in the live area before the run completes (not only after it).
  const firstText = await page.waitForFunction(
    () => {
      if (document.querySelector('[data-testid="execution-status"][data-status="completed"]')) return "completed first";
      const texts = [...document.querySelectorAll(".live-streams .agent-text")]
        .filter((e) => !e.querySelector(".muted"))
        .map((e) => e.textContent ?? "");
      return texts.find((t) => t.length > 10) ?? false;
    },
    null,
    { timeout: 90_000, polling: 50 },
  );
  const streamed = await firstText.jsonValue();
  assert.notEqual(streamed, "completed first", "agent text streamed in while the run was going");
  await screenshot(page, "execution-streaming");
  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 90_000 });
  assert.equal(await page.locator(".live-streams").count(), 0, "the live area goes once no agent runs");

  const nodes = page.locator(".step-node");
  const statuses = await nodes.evaluateAll((all) => all.map((n) => n.getAttribute("data-status")));
  assert.equal(statuses.length, 6, `six nodes on the graph: ${statuses}`);
  assert.deepEqual(new Set(statuses), new Set(["completed"]));
  // React Flow hides a node it has not measured; updates must not lose the measured size.
  const flowNodes = page.locator(".react-flow__node");
  for (let i = 0; i < (await flowNodes.count()); i++) {
    assert.ok(await flowNodes.nth(i).isVisible(), `graph node ${i} is visible after the run`);
  }
  const steps = await page.locator(".steps li").allInnerTexts();
  assert.ok(steps.every((s) => s.startsWith("✅")), steps.join("\n"));
  assert.match(await page.getByTestId("execution-status").innerText(), /완료/);
  await expectAccessible(page, "execution page");
  await screenshot(page, "execution-completed");

  // The final output is read as Markdown: the agents' "## 요청 요약" is a heading, not raw text.
  const output = page.getByRole("region", { name: "최종 결과" });
  await output.getByRole("heading", { name: "요청 요약" }).first().waitFor();
  assert.doesNotMatch(await output.innerText(), /^## /m);

  // The inspector of the parallel agent node, opened by a click on the graph.
  const analyze = page.locator('.react-flow__node[data-id="analyze_eligibility"]');
  await analyze.click();
  const inspector = page.getByRole("dialog", { name: "적합성 분석 상세" });
  await inspector.waitFor();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="inspector-input-tokens"]')?.textContent?.replace(/\D/g, "")) > 0,
  );
  assert.ok(Number((await inspector.getByTestId("inspector-output-tokens").innerText()).replace(/\D/g, "")) > 0);
  assert.match(await inspector.getByTestId("inspector-cost").innerText(), /^₩[\d,.]+$/);
  assert.notEqual(await inspector.getByTestId("inspector-cost").innerText(), "₩0");
  const prompt = inspector.getByTestId("inspector-prompt");
  assert.equal(await prompt.locator('[data-role="system"]').count(), 2, "both agents' system prompts");
  assert.match(await prompt.locator('[data-role="user"]').innerText(), /AI 솔루션/);
  assert.equal(await inspector.getByRole("table").locator("tbody tr").count(), 2, "a model call per agent");
  await expectAccessible(page, "execution inspector");
  await screenshot(page, "execution-inspector", { fullPage: false });
  // Esc closes it and gives focus back to the node; Enter on the focused node opens it again.
  await page.keyboard.press("Escape");
  await inspector.waitFor({ state: "detached" });
  assert.ok(await analyze.evaluate((n) => n === document.activeElement), "focus is back on the node");
  await page.keyboard.press("Enter");
  await inspector.waitFor();
  await page.keyboard.press("Escape");
  await inspector.waitFor({ state: "detached" });

  // From the step list, by keyboard: the tool node shows its call with the arguments sent.
  const crawlStep = page.locator('.steps li[data-node-id="crawl_announcements"]').getByRole("button");
  await crawlStep.focus();
  await page.keyboard.press("Enter");
  const crawl = page.getByRole("dialog", { name: "공고 수집 상세" });
  await crawl.getByText("firecrawl.firecrawl_search").waitFor();
  assert.match(await crawl.locator(".tool-calls").innerText(), /"query": "AI 솔루션"/);
  assert.match(await crawl.getByRole("region", { name: "입력" }).innerText(), /AI 솔루션/);
  await page.keyboard.press("Escape");
  await crawl.waitFor({ state: "detached" });
  assert.ok(await crawlStep.evaluate((b) => b === document.activeElement), "focus is back on the step");
  console.log(`ok: grant_factory ran to completion at ${page.url().replace(baseUrl, "")}`);
});
