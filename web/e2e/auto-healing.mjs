// Run auto_healing from its card: the monitor shows its gate waiting (승인 대기), then updates live
// to 완료 once the gate is approved. The approval goes through the API here; the approve button
// of the monitor and the approvals inbox come with the approvals work.
import assert from "node:assert/strict";
import { expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

await withPage(async (page) => {
  await signUp(page);
  await page.locator('article.card[data-slug="auto_healing"]').getByRole("button", { name: /▶ 실행/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "실행", exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();

  await page.locator('[data-testid="execution-status"][data-status="awaiting_approval"]').waitFor({ timeout: 60_000 });
  const gate = page.locator('.step-node[data-status="awaiting_approval"]');
  await gate.waitFor();
  assert.match(await gate.innerText(), /승인 대기/);
  await expectAccessible(page, "execution page with a waiting gate");
  await screenshot(page, "execution-waiting-gate");

  const approved = await page.evaluate(async (executionId) => {
    const response = await fetch(`/orchestrate/executions/${executionId}/approve`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${sessionStorage.getItem("orchestrate.token")}`,
      },
      body: JSON.stringify({ node_id: "await_approval", comment: "진행하세요" }),
    });
    return response.status;
  }, id);
  assert.equal(approved, 200);

  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
  const statuses = await page.locator(".step-node").evaluateAll((all) => all.map((n) => n.dataset.status));
  assert.ok(statuses.every((s) => s === "completed" || s === "skipped"), statuses.join(", "));
  // Events that arrive after the graph was drawn must not hide its nodes (React Flow hides a node
  // whose measured size it lost).
  const flowNodes = page.locator(".react-flow__node");
  for (let i = 0; i < (await flowNodes.count()); i++) {
    assert.ok(await flowNodes.nth(i).isVisible(), `graph node ${i} is visible after the run`);
  }
  await screenshot(page, "execution-approved");
  console.log(`ok: auto_healing waited at its gate, was approved and completed (${id})`);
});
