// The monitor's socket is cut after three events (the test closes it, as a dropped network would);
// the monitor reconnects by itself with after=<last seq> and still shows the whole run.
import assert from "node:assert/strict";
import { signUp, withPage } from "./browser.mjs";

await withPage(async (page) => {
  const urls = [];
  await page.routeWebSocket(/\/ws\/execution\//, (ws) => {
    const server = ws.connectToServer();
    const first = urls.length === 0;
    urls.push(ws.url());
    let relayed = 0;
    let cut = false;
    server.onMessage((message) => {
      if (cut) return;
      ws.send(message);
      if (first && ++relayed === 3) {
        cut = true;
        void ws.close({ code: 1011, reason: "cut by the test" });
        void server.close();
      }
    });
  });

  await signUp(page);
  await page.locator('article.card[data-slug="grant_factory"]').getByRole("button", { name: /▶ 실행/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "실행", exact: true }).click();
  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 90_000 });

  assert.ok(urls.length >= 2, `reconnected: ${urls.join(" ")}`);
  assert.match(urls[0], /after=0/);
  assert.match(urls[1], /after=3(&|$)/);
  const statuses = await page.locator(".steps li").evaluateAll((all) => all.map((n) => n.dataset.status));
  assert.deepEqual(new Set(statuses), new Set(["completed"]), statuses.join(", "));
  assert.equal(statuses.length, 6);
  console.log(`ok: the monitor reconnected (${urls.length} connections) and shows the whole run`);
});
