// A viewer's sweep: owner A has a workspace with a finished run; B, added as a viewer, opens every
// page of the app in it and finds no enabled control that would change anything (run, save,
// delete, grant, approve, restore, invite…), each page still accessible and its content shown.
import assert from "node:assert/strict";
import {
  api,
  awaitStatus,
  baseUrl,
  expectAccessible,
  PASSWORD,
  screenshot,
  signUp,
  withPage,
} from "./browser.mjs";

/** Labels of the enabled buttons in the page's main part whose action writes something. */
const WRITES =
  /저장|삭제|▶|재시도|다시 실행|실행 취소|충전|추가|복원|초대|역할 변경|제거|보내기|시도|승인|거절|만들기|새 에이전트|새 파이프라인|한도 변경|예산 올리기|중단|호출|연결 테스트|붙여넣기|값 바꾸기/;
const enabledWrites = (page) =>
  page.evaluate(
    (source) => {
      const writes = new RegExp(source);
      return [...document.querySelectorAll("main button, main [role=button], main input[type=submit]")]
        .filter((el) => !el.disabled && el.getAttribute("aria-disabled") !== "true")
        // Steps and graph nodes open the inspector: named after the step, they change nothing.
        .filter((el) => !el.closest(".steps, .react-flow"))
        .map((el) => (el.getAttribute("aria-label") || el.textContent || "").trim())
        .filter((label) => writes.test(label));
    },
    WRITES.source,
  );

// Owner A, set up through the API: a finished run to show in the history, monitor and usage.
const emailA = `owner-${Date.now()}@example.com`;
const signup = await fetch(`${baseUrl}/api/auth/signup`, {
  method: "POST",
  headers: { "Content-Type": "application/json", "Accept-Language": "ko" },
  body: JSON.stringify({ email: emailA, password: PASSWORD, name: "소유자" }),
});
assert.equal(signup.status, 201);
const owner = await signup.json();
const tokenA = owner.access_token;
const wsA = owner.workspace.id;
const pipelines = await api(tokenA, "GET", `/api/workspaces/${wsA}/pipelines`);
const grant = pipelines.find((p) => p.slug === "grant_factory");
const started = await api(tokenA, "POST", "/orchestrate/pipeline/start", {
  pipeline_id: grant.id,
  input: grant.graph_definition.metadata.sample_input,
});
await awaitStatus(tokenA, started.execution_id, "completed");
const agents = await api(tokenA, "GET", `/api/workspaces/${wsA}/agents`);

await withPage(async (page) => {
  const emailB = await signUp(page);
  await api(tokenA, "POST", `/api/workspaces/${wsA}/members`, { email: emailB, role: "viewer" });
  await page.reload();
  await page.getByLabel("워크스페이스").selectOption(wsA);

  const pages = [
    ["pipelines", "/pipelines", 'article.card[data-slug="grant_factory"]'],
    ["executions", "/executions", `a[href="/executions/${started.execution_id}"]`],
    ["monitor", `/executions/${started.execution_id}`, '[data-testid="execution-status"][data-status="completed"]'],
    ["agents", "/agents", "table"],
    ["agent", `/agents/${agents[0].id}`, "textarea"],
    ["canvas", `/pipelines/${grant.id}/edit`, ".react-flow__node"],
    ["versions", `/pipelines/${grant.id}/versions`, "table"],
    ["usage", "/usage", '[data-testid="balance"]'],
    ["audit", "/audit", "main p"],
    ["approvals", "/approvals", "main h1"],
    ["settings-secrets", "/settings/secrets", "main h2"],
    ["settings-mcp", "/settings/mcp", 'article[data-connection="slack"]'],
    ["settings-members", "/settings/members", `tr[data-member="${emailB}"]`],
  ];
  for (const [name, path, ready] of pages) {
    await page.goto(`${baseUrl}${path}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    // The workspace stays A's across pages (the switcher's choice is kept).
    assert.equal(await page.getByLabel("워크스페이스").inputValue(), wsA, `${name}: still A's workspace`);
    assert.deepEqual(await enabledWrites(page), [], `${name}: a viewer has no enabled write control`);
    await expectAccessible(page, `${name} as a viewer`);
  }
  await screenshot(page, "viewer-members");
  console.log(`ok: a viewer saw ${pages.length} pages of ${emailA}'s workspace with no enabled write control`);
});
