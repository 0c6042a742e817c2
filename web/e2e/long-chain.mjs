// A long pipeline (12 steps in a chain, one of them with a parallel branch) on the monitor: the
// layout wraps it into rows, so the whole graph fits the pane at a zoom where its labels stay
// legible, and the branch still sits beside its step.
import assert from "node:assert/strict";
import { screenshot, signUp, withPage } from "./browser.mjs";

const STEPS = ["입력 검증", "시장 조사", "경쟁사 분석", "고객 인터뷰 요약", "가격 전략", "위험 검토",
  "재무 계획", "마케팅 초안", "법무 검토", "임원 보고서", "번역", "최종 결과 저장"];

function graph() {
  const ids = STEPS.map((_, i) => `s${i}`);
  const agents = ["optimist", "critic", "realist", "blog", "coo"];
  const nodes = STEPS.map((label, i) => {
    const id = ids[i];
    if (i === 0) return { id, type: "validation", label };
    if (i === STEPS.length - 1) return { id, type: "finalize", label };
    return { id, type: "agent_call", label, agent_slug: agents[i % agents.length] };
  });
  nodes.push({ id: "side", type: "agent_call", label: "규제 확인", agent_slug: "critic" });
  const edges = ids.slice(1).map((id, i) => ({ from: ids[i], to: id }));
  edges.push({ from: "s4", to: "side" }, { from: "side", to: "s6" });
  return { entry_point: "s0", nodes, edges };
}

await withPage(async (page) => {
  await signUp(page);
  const executionId = await page.evaluate(async (graph_definition) => {
    const token = sessionStorage.getItem("orchestrate.token");
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const me = await (await fetch("/api/me", { headers })).json();
    const ws = me.workspaces[0].id;
    const created = await fetch(`/api/workspaces/${ws}/pipelines`, {
      method: "POST",
      headers,
      body: JSON.stringify({ slug: "long_chain", name: "긴 체인", description: "12단계", graph_definition }),
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
    const pipeline = await created.json();
    const started = await fetch("/orchestrate/pipeline/start", {
      method: "POST",
      headers,
      body: JSON.stringify({ pipeline_id: pipeline.id, input: { topic: "신규 사업" } }),
    });
    if (!started.ok) throw new Error(`start: ${started.status} ${await started.text()}`);
    return (await started.json()).execution_id;
  }, graph());

  await page.goto(`${page.url().replace(/\/pipelines$/, "")}/executions/${executionId}`);
  await page.locator('[data-testid="execution-status"][data-status="completed"]').waitFor({ timeout: 90_000 });
  const nodes = page.locator(".react-flow__node");
  await nodes.nth(STEPS.length).waitFor();

  // The zoom React Flow fit the graph at: labels at 0.85rem stay above ~10 px.
  const zoom = await page.locator(".react-flow__viewport").evaluate(
    (v) => new DOMMatrixReadOnly(getComputedStyle(v).transform).a,
  );
  assert.ok(zoom >= 0.75, `the graph is fit at zoom ${zoom}, too small to read`);
  // Every node is inside the pane, whole.
  const pane = await page.locator("section.graph").boundingBox();
  for (let i = 0; i < (await nodes.count()); i++) {
    const box = await nodes.nth(i).boundingBox();
    assert.ok(
      box.x >= pane.x && box.y >= pane.y && box.x + box.width <= pane.x + pane.width + 1 &&
        box.y + box.height <= pane.y + pane.height + 1,
      `node ${i} is inside the graph pane`,
    );
  }
  // The branch sits beside its step (same column, another row).
  const side = await page.locator('.react-flow__node[data-id="side"]').boundingBox();
  const s5 = await page.locator('.react-flow__node[data-id="s5"]').boundingBox();
  assert.ok(Math.abs(side.x - s5.x) < 1 && Math.abs(side.y - s5.y) > 10, "the branch is parallel to 위험 검토");
  await screenshot(page, "execution-long-chain");
  console.log(`ok: a ${STEPS.length + 1}-node graph fit at zoom ${zoom.toFixed(2)}`);
});
