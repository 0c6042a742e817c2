// The executions history and the comparison of two runs. Sign up; run grant_factory once with a
// bad input (it fails) and twice with two queries, and document_verify once (API calls with the
// page's token); open the history from the header, filter it by pipeline, status and dates (kept in
// the URL across a reload), retry the failed run from its row, open a finished run and see its
// graph all 완료; re-run one with the same input from the keyboard; cancel a run
// waiting at its gate (with the confirmation); pick two runs of one pipeline with the keyboard and
// compare them: the summary, the graph with each node's deltas, the table, and a diff of outputs.
import assert from "node:assert/strict";
import { api, awaitStatus, baseUrl, expectAccessible, screenshot, signUp, withPage } from "./browser.mjs";

const ID = "[0-9a-f-]{36}";

/** Tab moves focus until it reaches the element (at most 200 presses); Tab is how a user gets there. */
async function tabTo(page, locator) {
  const target = await locator.elementHandle();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${locator}`);
}

/** The table shows the rows of the filters in the URL (not the previous ones kept meanwhile). */
const settled = (page) => page.locator('table.history-table[aria-busy="false"]').waitFor();

const localDay = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

await withPage(async (page) => {
  await signUp(page);
  const token = await page.evaluate(() => sessionStorage.getItem("orchestrate.token"));
  const me = await api(token, "GET", "/api/me");
  const ws = me.workspaces[0].id;
  const pipelines = await api(token, "GET", `/api/workspaces/${ws}/pipelines`);
  const bySlug = (slug) => pipelines.find((p) => p.slug === slug);
  const grant = bySlug("grant_factory");
  const verify = bySlug("document_verify");
  const start = async (pipeline, input) =>
    (await api(token, "POST", "/orchestrate/pipeline/start", { pipeline_id: pipeline.id, input })).execution_id;
  const sample = grant.graph_definition.metadata.sample_input;

  // A run that fails (its input lacks the required query), two runs of one pipeline that differ by
  // their query, and one of another pipeline.
  const failed = await start(grant, {});
  await awaitStatus(token, failed, "failed");
  const runA = await start(grant, { ...sample, query: "AI 솔루션" });
  await awaitStatus(token, runA, "completed");
  const runB = await start(grant, { ...sample, query: "클라우드 보안 플랫폼" });
  const other = await start(verify, verify.graph_definition.metadata?.sample_input ?? {});
  await awaitStatus(token, runB, "completed");
  await awaitStatus(token, other, "completed");

  // 1. The history from the header: every run, newest first, with its status in words.
  await page.getByRole("navigation").getByRole("link", { name: "실행 기록" }).click();
  await page.waitForURL(/\/executions$/);
  await page.getByRole("heading", { name: "실행 기록", level: 1 }).waitFor();
  const rows = page.locator("tbody tr[data-execution]");
  await rows.nth(2).waitFor();
  assert.deepEqual(
    await rows.evaluateAll((all) => all.map((r) => r.getAttribute("data-execution"))),
    [other, runB, runA, failed],
  );
  const rowB = page.locator(`tr[data-execution="${runB}"]`);
  assert.match(await rowB.innerText(), /Grant Factory/);
  assert.match(await rowB.innerText(), /✅\s*완료/);
  assert.match(await rowB.innerText(), /₩[\d,.]+/);

  // 2. Filters: pipeline and status land in the URL and survive a reload.
  await page.getByLabel("파이프라인", { exact: true }).selectOption({ label: grant.name });
  await page.waitForURL(new RegExp(`[?&]pipeline=${grant.id}`));
  await page.locator(`tr[data-execution="${other}"]`).waitFor({ state: "detached" });
  await page.getByLabel("상태", { exact: true }).selectOption({ label: "완료" });
  await page.waitForURL(/[?&]status=completed/);
  await page.reload();
  await settled(page);
  assert.equal(await rows.count(), 2);
  assert.equal(await page.getByLabel("상태", { exact: true }).inputValue(), "completed");
  assert.equal(await page.getByLabel("파이프라인", { exact: true }).inputValue(), grant.id);
  // The failed run is retried from its row (the keyboard's Tab and Enter): it runs again, and
  // fails again since its input is still wrong.
  await page.getByLabel("상태", { exact: true }).selectOption({ label: "실패" });
  const failedRow = page.locator(`tr[data-execution="${failed}"]`);
  await failedRow.waitFor();
  await settled(page);
  assert.equal(await rows.count(), 1);
  assert.match(await failedRow.innerText(), /❌\s*실패/);
  const retried = page.waitForResponse((r) => r.url().endsWith(`/orchestrate/executions/${failed}/retry`));
  await tabTo(page, failedRow.getByRole("button", { name: "실패한 단계부터 재시도" }));
  await page.keyboard.press("Enter");
  assert.equal((await retried).status(), 202);
  await page.waitForURL(new RegExp(`/executions/${failed}$`));
  await awaitStatus(token, failed, "failed");
  await page.locator('[data-testid="execution-status"][data-status="failed"]').waitFor({ timeout: 30_000 });
  await page.getByRole("group", { name: "실행 작업" }).getByRole("button", { name: "실패한 단계부터 재시도" }).waitFor();
  await page.goBack();
  await page.waitForURL(/status=failed/);
  await page.getByLabel("상태", { exact: true }).selectOption({ label: "완료" });
  await page.locator(`tr[data-execution="${failed}"]`).waitFor({ state: "detached" });
  await rows.nth(1).waitFor();
  // Dates: today keeps both; a range ending before it begins is explained, not sent.
  const today = new Date();
  await page.getByLabel("시작일").fill(localDay(today));
  await page.waitForURL(new RegExp(`[?&]from=${localDay(today)}`));
  await settled(page);
  assert.equal(await rows.count(), 2);
  await page.getByLabel("종료일").fill(localDay(new Date(today.getTime() - 2 * 86_400_000)));
  await page.getByText("종료일이 시작일보다 앞섭니다.").waitFor();
  await page.getByLabel("종료일").fill("");
  await rows.nth(1).waitFor();
  await expectAccessible(page, "executions history, filtered");

  // 3. A finished run opens from the history, from the keyboard, with the same graph all 완료.
  await tabTo(page, page.locator(`tr[data-execution="${runA}"]`).getByRole("link"));
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/executions/${runA}$`));
  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 30_000 });
  const nodes = page.locator(".step-node");
  await nodes.nth(5).waitFor();
  const statuses = await nodes.evaluateAll((all) => all.map((n) => n.getAttribute("data-status")));
  assert.equal(statuses.length, 6, `six nodes: ${statuses}`);
  assert.deepEqual(new Set(statuses), new Set(["completed"]));
  // The monitor offers a re-run but neither retry nor cancel for a completed run.
  const actions = page.getByRole("group", { name: "실행 작업" });
  await actions.getByRole("button", { name: "같은 입력으로 다시 실행" }).waitFor();
  assert.equal(await actions.getByRole("button").count(), 1);
  await page.goBack();
  await page.waitForURL(/\/executions\?/);
  assert.match(page.url(), /status=completed/);

  // 4. Re-run B with the same input, from the keyboard: the new run's monitor opens.
  await rows.nth(1).waitFor();
  await tabTo(page, page.locator(`tr[data-execution="${runB}"]`).getByRole("button", { name: "같은 입력으로 다시 실행" }));
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/executions/(?!${runB})${ID}$`));
  const rerun = page.url().split("/").pop();
  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
  const rerunRow = await api(token, "GET", `/orchestrate/executions/${rerun}`);
  assert.equal(rerunRow.pipeline_id, grant.id);
  assert.equal(rerunRow.input.query, "클라우드 보안 플랫폼");

  // 5. Cancel a run waiting at its gate, from its row, after saying yes.
  const healing = bySlug("auto_healing");
  const waiting = await start(healing, healing.graph_definition.metadata?.sample_input ?? {});
  await awaitStatus(token, waiting, "awaiting_approval");
  await page.getByRole("navigation").getByRole("link", { name: "실행 기록" }).click();
  const waitingRow = page.locator(`tr[data-execution="${waiting}"]`);
  await waitingRow.waitFor();
  assert.match(await waitingRow.innerText(), /승인 대기/);
  await tabTo(page, waitingRow.getByRole("button", { name: "실행 취소" }));
  await page.keyboard.press("Enter");
  const confirm = waitingRow.getByRole("alertdialog");
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /취소할까요/);
  // Focus is on 예, so Enter confirms.
  await page.keyboard.press("Enter");
  await page.locator(`tr[data-execution="${waiting}"][data-status="cancelled"]`).waitFor({ timeout: 30_000 });
  assert.match(await waitingRow.innerText(), /취소됨/);
  assert.equal(await waitingRow.getByRole("button", { name: "실행 취소" }).count(), 0);

  // 6. Choose two runs: of two pipelines the 비교 button stays off and says why.
  const compare = page.getByRole("button", { name: "비교", exact: true });
  const pick = (id) => page.locator(`tr[data-execution="${id}"]`).getByRole("checkbox");
  await pick(other).check();
  await pick(runB).check();
  assert.ok(await compare.isDisabled());
  assert.match(await page.locator("#compare-reason").innerText(), /같은 파이프라인의 실행끼리만/);
  await pick(other).uncheck();
  await pick(runB).uncheck();
  // From the keyboard: Space ticks A and B, Tab reaches 비교, Enter opens the comparison.
  await tabTo(page, pick(runA));
  await page.keyboard.press("Space");
  await tabTo(page, pick(runB));
  await page.keyboard.press("Space");
  assert.ok(await pick(runA).isChecked());
  assert.ok(await pick(runB).isChecked());
  assert.ok(await compare.isEnabled());
  assert.match(await page.locator("#compare-reason").innerText(), /2개 선택됨$/);
  await expectAccessible(page, "executions history");
  await screenshot(page, "executions-history");
  await compare.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/compare\\?a=${runA}&b=${runB}$`));

  // 7. The comparison: summary, graph with every node's deltas, table, and a diff of outputs.
  await page.getByRole("heading", { name: /실행 비교: Grant Factory/ }).waitFor();
  const summary = page.getByTestId("compare-summary");
  await summary.waitFor();
  assert.match(await summary.innerText(), /완료[\s\S]*완료/);
  assert.match(await page.getByTestId("cost-delta").innerText(), /^(₩0|[+-]₩[\d,.]+)$/);
  const graphNodes = page.locator(".step-node[data-note]");
  await graphNodes.nth(5).waitFor();
  assert.equal(await graphNodes.count(), 6);
  const notes = await graphNodes.evaluateAll((all) => all.map((n) => n.getAttribute("data-note")));
  assert.ok(notes.includes("changed"), `some node changed: ${notes}`);
  assert.match(await graphNodes.first().innerText(), /상태 완료 → 완료/);
  assert.match(await graphNodes.first().innerText(), /시간 [+\-±]/);
  const changedRow = page.locator('.compare-table tr[data-changed="true"]').first();
  const label = (await changedRow.locator("th").innerText()).trim();
  assert.match(await changedRow.innerText(), /토큰|[+-]\d|₩/);
  await tabTo(page, changedRow.getByRole("button"));
  await page.keyboard.press("Enter");
  const diff = page.getByTestId("output-diff");
  await diff.getByRole("heading", { name: `${label}: 출력 차이` }).waitFor();
  assert.match(await page.getByTestId("diff-counts").innerText(), /추가 [1-9]\d*, 삭제 [1-9]\d*/);
  assert.ok((await diff.locator("ins").count()) > 0, "added text is marked <ins>");
  assert.ok((await diff.locator("del").count()) > 0, "removed text is marked <del>");
  // Told apart by a sign and a word, not only by colour.
  assert.match(await diff.locator("ins").first().innerText(), /^추가:\s*\+ /);
  assert.match(await diff.locator("del").first().innerText(), /^삭제:\s*− /);
  // The word diff finds the changed query.
  await diff.getByLabel("단어 단위").check();
  await page.waitForFunction(() => document.querySelector(".diff.words ins") !== null);
  assert.match(await diff.locator(".diff.words").innerText(), /클라우드/);
  // An agent's answer differs line by line: the view the README shows.
  await page.getByRole("button", { name: "적합성 분석 출력 비교" }).click();
  await diff.getByRole("heading", { name: "적합성 분석: 출력 차이" }).waitFor();
  await diff.getByLabel("줄 단위").check();
  await page.waitForFunction(() => document.querySelector(".diff.lines ins") !== null);
  await expectAccessible(page, "comparison");
  await screenshot(page, "comparison");
  console.log(`ok: history filtered, ${failed} retried, ${rerun} re-ran ${runB}, ${waiting} cancelled, ${runA} compared with ${runB}`);
});
