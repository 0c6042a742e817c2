// A budget approval in the browser: grant_factory started from its card with a budget of ₩60 waits
// before the step that would pass it; the monitor shows the budget panel (spent, budget, needed),
// the owner raises the budget there, and the run goes on to 완료.
import assert from "node:assert/strict";
import { expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

const statusIs = (page, status) =>
  page.locator(`[data-testid="execution-status"][data-status="${status}"]`).waitFor({ timeout: 60_000 });

await withPage(async (page) => {
  await signUp(page);
  const card = page.locator('article.card[data-slug="grant_factory"]');
  await card.getByRole("button", { name: /▶ 실행/ }).click();
  const dialog = page.getByRole("dialog", { name: /Grant Factory.* 실행/ });
  await dialog.waitFor();
  await dialog.getByLabel(/예산/).fill("60");
  await dialog.getByRole("button", { name: "실행", exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();

  await statusIs(page, "awaiting_approval");
  const panel = page.locator('[data-testid="approval-panel"].kind-budget');
  await panel.waitFor({ timeout: 60_000 });
  const text = await panel.innerText();
  assert.match(text, /예산 승인 대기/);
  assert.match(text, /사용액/);
  assert.match(text, /필요액/);
  assert.match(text, /₩60/, "the budget the run was started with");
  // Explained in Korean from the numbers, with the least budget that lets the step run prefilled.
  const least = text.match(/예산을 ₩([\d,]+) 이상으로 올리세요/);
  assert.ok(least, `the panel says how far to raise the budget:\n${text}`);
  assert.doesNotMatch(text, /credits/);
  assert.equal(await panel.getByLabel("새 예산").inputValue(), least[1].replaceAll(",", ""));
  const waitingNode = await panel.getAttribute("data-node");
  await page.locator(`.step-node[data-node-id="${waitingNode}"][data-status="awaiting_approval"]`).waitFor();
  await expectAccessible(page, "execution monitor with a budget approval");
  await screenshot(page, "execution-waiting-budget");

  // The badge counts a budget approval like a gate.
  await page.locator('[data-testid="approvals-badge"][data-count="1"]').waitFor({ timeout: 30_000 });

  // Raise it from the monitor; the run finishes under the new budget.
  const raise = page.waitForResponse((r) => r.url().endsWith(`/orchestrate/executions/${id}/budget`));
  await panel.getByLabel("새 예산").fill("5000");
  await panel.getByRole("button", { name: "예산 올리기" }).click();
  assert.ok((await raise).ok(), "the raise is accepted");
  await statusIs(page, "completed");
  assert.equal(await page.getByTestId("approval-panel").count(), 0, "the panel goes once the budget is raised");
  const statuses = await page.locator(".step-node").evaluateAll((all) => all.map((n) => n.dataset.status));
  assert.ok(statuses.every((s) => s === "completed" || s === "skipped"), statuses.join(", "));
  await page.locator('[data-testid="approvals-badge"][data-count="0"]').waitFor({ timeout: 30_000 });
  await screenshot(page, "execution-budget-raised");
  console.log(`ok: ${id} waited for its budget at ${waitingNode}, raised from the monitor, completed`);
});
