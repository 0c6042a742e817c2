// Approvals, end to end in the browser. Run auto_healing from its card: its gate waits on the
// monitor with a decision panel; the header badge counts it, leads to the approvals inbox, and from
// there to the monitor, where the gate is approved from the keyboard and the run finishes live.
// A second run is rejected from the monitor with a comment; meanwhile a viewer of the workspace,
// signed in in a second browser context, sees the waiting gate and who may approve it, but no
// buttons.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, PASSWORD, screenshot, signUp, withPage } from "./browser.mjs";

const statusIs = (page, status) =>
  page.locator(`[data-testid="execution-status"][data-status="${status}"]`).waitFor({ timeout: 60_000 });

async function startFromCard(page) {
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "파이프라인", exact: true }).click();
  await page.locator('article.card[data-slug="auto_healing"]').getByRole("button", { name: /▶ 실행/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "실행", exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop();
}

async function apiAs(token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

await withPage(async (page) => {
  await signUp(page);
  const ownerToken = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));

  // 1. The gate waits: the monitor shows the decision panel.
  const first = await startFromCard(page);
  await statusIs(page, "awaiting_approval");
  const panel = page.getByTestId("approval-panel");
  await panel.waitFor();
  assert.match(await panel.innerText(), /승인 대기/);
  assert.match(await panel.innerText(), /복구 계획 승인 요청/);
  await expectAccessible(page, "execution monitor with its approval panel");
  await screenshot(page, "execution-waiting-gate");

  // 2. From another page, the header badge counts it and leads to the inbox, then to the monitor.
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "파이프라인", exact: true }).click();
  const badge = page.locator('[data-testid="approvals-badge"][data-count="1"]');
  await badge.waitFor({ timeout: 30_000 });
  await badge.click();
  await page.waitForURL(/\/approvals$/);
  const row = page.locator(`tr[data-execution="${first}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Auto-Healing/);
  assert.match(await row.innerText(), /승인 게이트/);
  await expectAccessible(page, "approvals inbox");
  await screenshot(page, "approvals-inbox");
  await row.getByRole("link").click();
  await page.waitForURL(new RegExp(`/executions/${first}$`));

  // 3. Approve from the keyboard: the comment, then Tab to 승인 and Enter.
  const comment = page.getByLabel("의견");
  await comment.fill("진행하세요");
  await comment.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "승인");
  await page.keyboard.press("Enter");
  await statusIs(page, "completed");
  assert.equal(await panel.count(), 0, "the panel goes once the gate is decided");
  const statuses = await page.locator(".step-node").evaluateAll((all) => all.map((n) => n.dataset.status));
  assert.ok(statuses.every((s) => s === "completed" || s === "skipped"), statuses.join(", "));
  // Events that arrive after the graph was drawn must not hide its nodes (React Flow hides a node
  // whose measured size it lost).
  const flowNodes = page.locator(".react-flow__node");
  for (let i = 0; i < (await flowNodes.count()); i++) {
    assert.ok(await flowNodes.nth(i).isVisible(), `graph node ${i} is visible after the run`);
  }
  await page.locator('[data-testid="approvals-badge"][data-count="0"]').waitFor({ timeout: 30_000 });
  await screenshot(page, "execution-approved");

  // 4. A second run waits; a viewer of the workspace sees it but may not decide.
  const second = await startFromCard(page);
  await statusIs(page, "awaiting_approval");
  await panel.waitFor();
  const { workspace_id } = await apiAs(ownerToken, "GET", `/orchestrate/executions/${second}`);
  const viewerEmail = `viewer-${Date.now()}@example.com`;
  await apiAs(null, "POST", "/api/auth/signup", { email: viewerEmail, password: PASSWORD, name: "뷰어" });
  await apiAs(ownerToken, "POST", `/api/workspaces/${workspace_id}/members`, { email: viewerEmail, role: "viewer" });

  const viewerContext = await page.context().browser().newContext({ locale: "ko-KR", viewport: { width: 1280, height: 860 } });
  try {
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${baseUrl}/signin`);
    await viewer.getByLabel("이메일").fill(viewerEmail);
    await viewer.getByLabel("비밀번호").fill(PASSWORD);
    await viewer.getByRole("button", { name: "로그인" }).click();
    await viewer.waitForURL(/\/pipelines$/);
    await viewer.goto(`${baseUrl}/executions/${second}`);
    await viewer.locator('[data-testid="execution-status"][data-status="awaiting_approval"]').waitFor({ timeout: 30_000 });
    const whoCan = viewer.getByTestId("who-can-approve");
    await whoCan.waitFor();
    assert.match(await whoCan.innerText(), /소유자, 관리자/);
    assert.equal(await viewer.getByRole("button", { name: "승인", exact: true }).count(), 0, "a viewer gets no approve button");
    assert.equal(await viewer.getByRole("button", { name: "거절", exact: true }).count(), 0, "nor a reject button");

    // 5. The owner rejects with a comment; both monitors end 거절됨, the gate 실패.
    await page.getByLabel("의견").fill("복구 계획을 다시 검토하세요");
    await page.getByRole("button", { name: "거절" }).click();
    await statusIs(page, "rejected");
    assert.equal(await page.getByTestId("execution-status").innerText(), "거절됨");
    await page.locator('.step-node[data-node-id="await_approval"][data-status="failed"]').waitFor();
    await statusIs(viewer, "rejected");
  } finally {
    await viewerContext.close();
  }
  console.log(`ok: approved ${first} from badge → inbox → monitor; rejected ${second}; a viewer saw no buttons`);
});
