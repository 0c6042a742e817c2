// The version history and trying a node. Sign up; from the page (its token, its fetch) save two new
// versions of osmu_marketing: one renames 블로그 각색, the next adds a node. Open the history from
// the pipeline's card: three versions, who saved them and what changed. Compare version 1 with 3:
// the graph marks the renamed node changed and the new one added, and the lists say which fields and
// edges changed. Restore version 1 (with the confirmation): version 4 appears with version 1's graph.
// Run version 2 from its row: the execution records pipeline_version 2. Try an agent node: its reply
// streams in, then tokens and cost. A viewer sees the history but no run, restore or trial. axe.
import assert from "node:assert/strict";
import { baseUrl, expectAccessible, PASSWORD, screenshot, signUp, withPage } from "./browser.mjs";

/** A request with the signed-in page's own token, from inside the page. */
async function inPage(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${sessionStorage.getItem("orchestrate.token")}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    { method, path, body },
  );
}

await withPage(async (page) => {
  await signUp(page);
  const me = await inPage(page, "GET", "/api/me");
  const ws = me.workspaces[0].id;
  const pipelines = await inPage(page, "GET", `/api/workspaces/${ws}/pipelines`);
  const osmu = pipelines.find((p) => p.slug === "osmu_marketing");
  const path = `/api/workspaces/${ws}/pipelines/${osmu.id}`;
  const v1 = osmu.graph_definition;

  // Version 2: a label changed. Version 3: a node added after the master draft.
  const v2 = structuredClone(v1);
  v2.nodes.find((n) => n.id === "adapt_blog").label = "블로그 글 각색";
  assert.equal((await inPage(page, "PATCH", path, { graph_definition: v2 })).version, 2);
  const v3 = structuredClone(v2);
  v3.nodes.push({
    id: "extra_summary",
    type: "agent_call",
    label: "한 줄 요약",
    agent_slug: "critic",
    prompt: "{{input.brand}} 원고를 한 줄로 요약하세요.\n\n{{steps.write_master.output}}",
  });
  v3.edges.push({ from: "write_master", to: "extra_summary" });
  assert.equal((await inPage(page, "PATCH", path, { graph_definition: v3 })).version, 3);

  // The history, from the pipeline's card.
  await page.reload();
  const card = page.locator('article[data-slug="osmu_marketing"]');
  await card.getByRole("link", { name: /버전 기록/ }).click();
  await page.waitForURL(new RegExp(`/pipelines/${osmu.id}/versions$`));
  await page.getByRole("heading", { level: 1, name: /버전 기록: OSMU/ }).waitFor();
  const rows = page.locator("table.versions-table tbody tr");
  await page.locator('tr[data-version="3"]').waitFor();
  assert.equal(await rows.count(), 3);
  const row3 = page.locator('tr[data-version="3"]');
  await row3.getByText("노드 1개 추가").waitFor();
  await row3.getByText("테스트 사용자").waitFor();
  await page.locator('tr[data-version="2"]').getByText("노드 1개 변경").waitFor();

  // Compare version 1 (A) with version 3 (B, the latest by default).
  await page.getByRole("radio", { name: "버전 1을 비교 A로" }).check();
  await page.getByRole("heading", { name: "버전 1 → 버전 3 비교" }).waitFor();
  await page.locator('.step-node.note-changed[data-node-id="adapt_blog"]').waitFor();
  await page.locator('.step-node.note-only[data-node-id="extra_summary"]').waitFor();
  const changed = page.locator('.change-list li.presence-changed[data-node="adapt_blog"]');
  await changed.getByText("블로그 글 각색", { exact: false }).first().waitFor();
  assert.match(await changed.innerText(), /label/);
  await page.locator('.change-list li.presence-added[data-node="extra_summary"]').waitFor();
  await page.getByText("write_master → extra_summary").waitFor();
  await expectAccessible(page, "version history with a diff");
  await screenshot(page, "versions-diff");

  // Try an agent node: the renamed one, with the sample input and a stand-in upstream output.
  await changed.getByRole("button", { name: /블로그 글 각색/ }).click();
  const trial = page.getByRole("region", { name: "노드 시도: 블로그 글 각색" });
  await trial.waitFor();
  assert.match(await trial.getByLabel("입력 (JSON)").inputValue(), /그린브루/);
  assert.match(await trial.getByLabel(/이전 단계 출력/).inputValue(), /write_master/);
  await trial.getByRole("button", { name: "▶ 시도" }).click();
  await trial.locator(".try-output pre.try-text").first().waitFor();
  await page.waitForFunction(
    () => (document.querySelector(".try-output pre.try-text")?.textContent ?? "").length > 0,
    null,
    { timeout: 30_000 },
  );
  const result = trial.getByTestId("try-result");
  await result.waitFor({ timeout: 30_000 });
  const resultText = await result.innerText();
  assert.match(resultText, /입력 토큰\s*[1-9]/);
  assert.match(resultText, /출력 토큰\s*[1-9]/);
  assert.match(resultText, /비용\s*₩/);
  await expectAccessible(page, "a node tried");
  await screenshot(page, "versions-try-node");

  // Restore version 1: saved again as version 4, with version 1's graph.
  await page.getByRole("button", { name: "버전 1으로 복원" }).click();
  await page.getByRole("button", { name: "예, 복원합니다" }).click();
  await page.locator('tr[data-version="4"]').waitFor();
  const v4 = await inPage(page, "GET", `${path}/versions/4`);
  assert.deepEqual(
    v4.graph_definition.nodes.map((n) => [n.id, n.label]),
    v1.nodes.map((n) => [n.id, n.label]),
  );
  await page.locator('tr[data-version="4"]').getByText("최신").waitFor();

  // Run version 2 from its row.
  await page.getByRole("button", { name: "버전 2 실행" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: /버전 2/ }).waitFor();
  await dialog.getByRole("button", { name: "실행", exact: true }).click();
  await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
  const executionId = page.url().split("/").pop();
  const execution = await inPage(page, "GET", `/orchestrate/executions/${executionId}`);
  assert.equal(execution.pipeline_version, 2);
  await page.getByText("파이프라인 버전 2").first().waitFor({ timeout: 30_000 });

  // A viewer of the workspace sees the history and the diff, but no run, restore or trial.
  const viewerEmail = `viewer-${Date.now()}@example.com`;
  const signedUp = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: viewerEmail, password: PASSWORD, name: "보기 전용" }),
  });
  assert.equal(signedUp.status, 201);
  const viewerToken = (await signedUp.json()).access_token;
  await inPage(page, "POST", `/api/workspaces/${ws}/members`, { email: viewerEmail, role: "viewer" });
  await page.evaluate(
    ({ token, ws }) => {
      sessionStorage.setItem("orchestrate.token", token);
      sessionStorage.setItem("orchestrate.workspace", ws);
    },
    { token: viewerToken, ws },
  );
  await page.goto(`${baseUrl}/pipelines/${osmu.id}/versions`);
  await page.locator('tr[data-version="4"]').waitFor();
  await page.getByText("보기 권한(viewer)으로는 실행, 복원, 시도를 할 수 없습니다.").first().waitFor();
  assert.equal(await page.getByRole("button", { name: /실행|복원/ }).count(), 0);
  await page.locator('.change-list li.presence-changed[data-node="adapt_blog"]').getByRole("button").click();
  const viewerTrial = page.getByRole("region", { name: /노드 시도/ });
  await viewerTrial.waitFor();
  assert.equal(await viewerTrial.getByRole("button", { name: "▶ 시도" }).isDisabled(), true);
  await expectAccessible(page, "the version history as a viewer");
});
console.log(`versions: ok (${baseUrl})`);
