// Credits, usage and the audit log. Sign up; run grant_factory to completion (an API call with the
// page's token) so there is spend; open 사용량 from the header: the balance, the run's usage row in
// the ledger (linking to its monitor), the spend plots showing the run (checked through their
// table alternatives), a grant that grows the balance, a spending limit refused then set; open
// 감사 로그: entries with their actor, category and date filters, and the chain verified valid. When the
// Java test hands over a workspace whose audit row it tampered with (AUDIT_TAMPERED_EMAIL and
// AUDIT_TAMPERED_SEQ), sign in as its owner and see the chain reported broken at that seq.
import assert from "node:assert/strict";
import { api, awaitStatus, baseUrl, expectAccessible, PASSWORD, screenshot, signUp, withPage } from "./browser.mjs";

const balanceOf = async (page) => Number(await page.getByTestId("balance").getAttribute("data-balance"));

await withPage(async (page) => {
  await signUp(page);
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const me = await api(token, "GET", "/api/me");
  const ws = me.workspaces[0].id;
  const pipelines = await api(token, "GET", `/api/workspaces/${ws}/pipelines`);
  const grant = pipelines.find((p) => p.slug === "grant_factory");
  const { execution_id: run } = await api(token, "POST", "/orchestrate/pipeline/start", {
    pipeline_id: grant.id,
    input: grant.graph_definition.metadata.sample_input,
  });
  const finished = await awaitStatus(token, run, "completed");
  assert.ok(finished.total_cost > 0, `the run cost something: ${finished.total_cost}`);

  // 1. The usage page from the header: the balance is the sign-up grant less the run.
  await page.getByRole("navigation").getByRole("link", { name: "사용량" }).click();
  await page.waitForURL(/\/usage$/);
  await page.getByRole("heading", { name: "크레딧과 사용량", level: 1 }).waitFor();
  await page.getByTestId("balance").waitFor();
  const before = await balanceOf(page);
  assert.ok(before < 10000 && before > 0, `balance ${before}`);
  assert.match(await page.getByTestId("balance").innerText(), /₩[\d,.]+/);

  // 2. The ledger: the run's usage row, linking to its monitor.
  const usageRow = page.locator(`table.ledger-table tr[data-type="usage"][data-reference="${run}"]`);
  await usageRow.first().waitFor();
  assert.match(await usageRow.first().innerText(), /사용/);
  assert.equal(
    await usageRow.first().getByRole("link").getAttribute("href"),
    `/executions/${run}`,
  );
  // The type filter asks the server for usage rows only.
  await page.getByLabel("유형").selectOption({ label: "사용" });
  await page.waitForFunction(() => {
    const table = document.querySelector("table.ledger-table");
    const rows = [...(table?.querySelectorAll("tbody tr") ?? [])];
    return table?.getAttribute("aria-busy") === "false" && rows.length > 0 && rows.every((r) => r.dataset.type === "usage");
  }, null, { timeout: 10_000 });
  await page.getByLabel("유형").selectOption({ label: "모든 유형" });

  // 3. The plots show the run: a bar by day (today, non-zero) and by pipeline (grant_factory).
  const byDay = page.locator('[data-chart="by-day"]');
  await byDay.waitFor();
  assert.ok((await byDay.locator(".recharts-bar-rectangle").count()) > 0, "bars are drawn");
  await byDay.getByText("날짜별 지출 표로 보기").click();
  const spentDays = await byDay.locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => [r.getAttribute("data-key"), Number(r.getAttribute("data-amount"))]).filter(([, a]) => a > 0),
  );
  assert.equal(spentDays.length, 1, JSON.stringify(spentDays));
  assert.ok(Math.abs(spentDays[0][1] - finished.total_cost) < 0.0001, `${spentDays[0][1]} vs ${finished.total_cost}`);
  const byPipeline = page.locator('[data-chart="by-pipeline"]');
  await byPipeline.getByText("파이프라인별 지출 표로 보기").click();
  const pipelineRow = byPipeline.locator(`tbody tr[data-key="${grant.id}"]`);
  assert.ok((await pipelineRow.innerText()).includes(grant.name), "the pipeline is named");
  assert.ok(Number(await pipelineRow.getAttribute("data-amount")) > 0);
  await page.locator('[data-chart="by-agent"] tbody tr').first().waitFor({ state: "attached" });
  await page.locator('[data-chart="by-model"] tbody tr').first().waitFor({ state: "attached" });
  await expectAccessible(page, "usage page");

  // 4. A grant as the owner grows the balance.
  await page.getByLabel("충전 금액 (₩)").fill("1,500");
  await page.getByLabel("설명 (선택)").fill("브라우저 테스트 충전");
  await page.getByRole("button", { name: "충전", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "충전했습니다" }).waitFor();
  await page.waitForFunction(
    (expected) => Number(document.querySelector('[data-testid="balance"]')?.getAttribute("data-balance")) === expected,
    before + 1500,
    { timeout: 10_000 },
  );
  await page.locator('table.ledger-table tr[data-type="grant"]').filter({ hasText: "브라우저 테스트 충전" }).waitFor();

  // 5. A spending limit: one the server refuses (422, explained), then one it takes.
  await page.getByRole("button", { name: "한도 변경" }).click();
  await page.getByLabel("일일 한도 (₩)").fill("5000000000000");
  await page.getByRole("button", { name: "한도 저장" }).click();
  const refusal = page.locator(".limits-form [role=alert]");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /daily/);
  await page.getByLabel("일일 한도 (₩)").fill("5000");
  await page.getByRole("button", { name: "한도 저장" }).click();
  await page.locator('tr[data-limit="daily"]').filter({ hasText: "₩5,000" }).waitFor();
  await page.getByRole("button", { name: "한도 변경" }).waitFor();
  await expectAccessible(page, "usage page after a grant and a limit");
  await page.locator('[data-chart="by-day"] details').evaluate((d) => d.removeAttribute("open"));
  await page.locator('[data-chart="by-pipeline"] details').evaluate((d) => d.removeAttribute("open"));
  await screenshot(page, "usage");

  // 6. The audit log: entries with their actor, a category filter, the chain verified.
  await page.getByRole("navigation").getByRole("link", { name: "감사 로그" }).click();
  await page.waitForURL(/\/audit$/);
  await page.getByRole("heading", { name: "감사 로그", level: 1 }).waitFor();
  await page.locator('[data-testid="chain-status"][data-state="valid"]').waitFor();
  assert.match(await page.getByTestId("chain-status").innerText(), /체인이 온전합니다: 항목 \d+개/);
  const entries = page.locator("table.audit-table tbody tr");
  await entries.first().waitFor();
  const granted = page.locator("table.audit-table tbody tr").filter({ hasText: "credits.granted" }).first();
  assert.match(await granted.innerText(), /테스트 사용자/);
  await page.locator("table.audit-table tbody tr").filter({ hasText: "spending_limits.changed" }).first().waitFor();
  await granted.locator("summary").click();
  assert.match(await granted.locator("pre").innerText(), /"amount"/);
  await page.getByLabel("분류").fill("billing");
  await page.locator('table.audit-table[aria-busy="false"]').waitFor();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll("table.audit-table tbody tr")];
    return rows.length > 0 && rows.every((r) => r.getAttribute("data-category") === "billing");
  }, null, { timeout: 10_000 });
  // The category reads in the page's language; the filter and the attribute keep the recorded name.
  assert.equal(await page.locator("table.audit-table tbody tr td").nth(3).innerText(), "결제");
  await expectAccessible(page, "audit page");
  await screenshot(page, "audit");
  // A date range: from tomorrow there is nothing yet; from today, the entries again.
  const day = (plus) =>
    page.evaluate((p) => {
      const d = new Date();
      d.setDate(d.getDate() + p);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    }, plus);
  await page.getByLabel("시작일").fill(await day(1));
  await page.getByText("조건에 맞는 항목이 없습니다.").waitFor();
  await page.getByLabel("시작일").fill(await day(0));
  await page.locator("table.audit-table tbody tr").first().waitFor();
  await page.getByRole("button", { name: "필터 지우기" }).click();

  // 7. A chain the Java test tampered with: reported broken at that seq, which the page leads to.
  const tamperedEmail = process.env.AUDIT_TAMPERED_EMAIL;
  if (tamperedEmail) {
    const seq = process.env.AUDIT_TAMPERED_SEQ;
    await page.getByRole("button", { name: "로그아웃" }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByLabel("이메일").fill(tamperedEmail);
    await page.getByLabel("비밀번호").fill(PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    // Signing in leads back to where the user was: the audit log.
    await page.waitForURL(/\/audit$/);
    const status = page.locator('[data-testid="chain-status"][data-state="broken"]');
    await status.waitFor();
    assert.match(await status.innerText(), new RegExp(`순번 ${seq}부터 맞지 않습니다`));
    await status.getByRole("button", { name: `순번 ${seq} 항목으로 이동` }).click();
    const bad = page.locator(`#audit-seq-${seq}`);
    await bad.waitFor();
    assert.match((await bad.getAttribute("class")) ?? "", /bad/);
    await page.waitForFunction((s) => document.activeElement?.id === `audit-seq-${s}`, seq, { timeout: 10_000 });
    await expectAccessible(page, "audit page with a broken chain");
    await screenshot(page, "audit-broken");
  }
  console.log(`ok: usage and audit of ${ws}, run ${run}`);
});
