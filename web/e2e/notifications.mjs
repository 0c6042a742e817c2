// Browser notifications for approvals. Nothing asks for permission on page load; the inbox's button
// does. Once granted, an approval that starts waiting (auto_healing's gate, started through the API
// while the user is on the pipelines page) shows "승인 대기: <pipeline> · <node>", and clicking it
// opens that execution. The Notification constructor is wrapped to record what the app shows.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

await withPage(async (page) => {
  await page.addInitScript(() => {
    const Real = window.Notification;
    window.__notifications = [];
    window.__permissionRequests = 0;
    class Recording extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notifications.push({ title, options, notification: this });
      }
      static get permission() {
        return Real.permission;
      }
      static requestPermission(...args) {
        window.__permissionRequests++;
        return Real.requestPermission(...args);
      }
    }
    window.Notification = Recording;
  });
  await signUp(page);

  await page.getByTestId("approvals-badge").click();
  await page.waitForURL(/\/approvals$/);
  const control = page.getByTestId("notification-permission");
  await control.waitFor();
  assert.equal(await control.getAttribute("data-permission"), "default");
  assert.equal(await page.evaluate(() => window.__permissionRequests), 0, "no prompt on page load");
  await page.context().grantPermissions(["notifications"], { origin: baseUrl });
  await page.getByRole("button", { name: "브라우저 알림 켜기" }).click();
  await page.locator('[data-testid="notification-permission"][data-permission="granted"]').waitFor();
  assert.equal(await page.evaluate(() => window.__permissionRequests), 1);
  await expectAccessible(page, "approvals inbox with notifications on");

  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "파이프라인", exact: true }).click();
  await page.locator('article.card[data-slug="auto_healing"]').waitFor();
  const started = await page.evaluate(async () => {
    const token = sessionStorage.getItem("orchestrate.token");
    const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const me = await (await fetch("/api/me", { headers: auth })).json();
    const ws = me.workspaces[0].id;
    const pipelines = await (await fetch(`/api/workspaces/${ws}/pipelines`, { headers: auth })).json();
    const pipeline = pipelines.find((p) => p.slug === "auto_healing");
    const r = await fetch("/orchestrate/pipeline/start", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ pipeline_id: pipeline.id, input: pipeline.graph_definition.metadata?.sample_input ?? {} }),
    });
    return { status: r.status, body: await r.json(), name: pipeline.name };
  });
  assert.ok(started.status < 300, JSON.stringify(started));
  const executionId = started.body.execution_id ?? started.body.id;

  await page.waitForFunction(() => window.__notifications.length > 0, null, { timeout: 60_000 });
  const shown = await page.evaluate(() => window.__notifications.map((n) => n.title));
  assert.equal(shown.length, 1, shown.join(" | "));
  const label = await page.evaluate(async (id) => {
    const token = sessionStorage.getItem("orchestrate.token");
    const r = await fetch(`/orchestrate/executions/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    return (await r.json()).pending_approvals[0].label;
  }, executionId);
  assert.equal(shown[0], `승인 대기: ${started.name} · ${label}`);
  await page.locator('[data-testid="approvals-badge"][data-count="1"]').waitFor();

  await page.evaluate(() => window.__notifications[0].notification.dispatchEvent(new Event("click")));
  await page.waitForURL(new RegExp(`/executions/${executionId}$`));
  await page.getByTestId("approval-panel").waitFor();
  await screenshot(page, "notification-opened-execution");
  assert.equal(await page.evaluate(() => window.__notifications.length), 1, "announced once");
  console.log(`ok: permission asked from the inbox only; "${shown[0]}" opened ${executionId}`);
});
