// Drill 7: no one reaches another workspace's data. Every operation of the OpenAPI description is
// called by a stranger with another workspace's ids (and with their own workspace around the other's
// ids), every write by a viewer; the streams likewise. Answers must be 404 (stranger) or 403
// (viewer), must not carry the other workspace's data, and must change nothing.
import { randomUUID } from "node:crypto";
import { Api } from "./lib/api.mjs";
import { openSocket, readSse } from "./lib/live.mjs";
import { until } from "./lib/process.mjs";

// What each operation is sent: its path parameters come from the workspace under attack (`t`), its
// body from here. Reads that take a body (validate, estimate) are reads for the viewer.
const OPS = {
  "GET /api/workspaces/{workspaceId}": {},
  "GET /api/workspaces/{workspaceId}/spending-limits": {},
  "PUT /api/workspaces/{workspaceId}/spending-limits": { body: () => ({ daily: 1, monthly: 2 }) },
  "PUT /api/workspaces/{workspaceId}/secrets/{name}": { body: () => ({ value: "overwritten-by-drill" }) },
  "DELETE /api/workspaces/{workspaceId}/secrets/{name}": {},
  "GET /api/workspaces/{workspaceId}/secrets": {},
  "GET /api/workspaces/{workspaceId}/mcp-connections/{connectionId}": {},
  "PUT /api/workspaces/{workspaceId}/mcp-connections/{connectionId}": { body: () => ({ name: "taken", transport: "http", url: "https://mcp.example.com/mcp" }) },
  "DELETE /api/workspaces/{workspaceId}/mcp-connections/{connectionId}": {},
  "GET /api/workspaces/{workspaceId}/mcp-connections": {},
  "POST /api/workspaces/{workspaceId}/mcp-connections": { body: () => ({ name: `n${Date.now()}`, transport: "http", url: "https://mcp.example.com/mcp" }) },
  "GET /api/workspaces/{workspaceId}/mcp-connections/{connectionId}/tools": {},
  "POST /api/workspaces/{workspaceId}/mcp-connections/{connectionId}/tools/{tool}/call": { body: () => ({ arguments: { query: "x" } }) },
  "POST /api/workspaces/{workspaceId}/mcp-connections/{connectionId}/test": {},
  "GET /api/workspaces/{workspaceId}/pipelines": {},
  "POST /api/workspaces/{workspaceId}/pipelines": { body: () => ({ slug: `s${Date.now()}`, name: "taken", graph_definition: GRAPH }) },
  "POST /api/workspaces/{workspaceId}/pipelines/validate": { read: true, body: () => ({ graph_definition: GRAPH }) },
  "GET /api/workspaces/{workspaceId}/pipelines/{pipelineId}": {},
  "PATCH /api/workspaces/{workspaceId}/pipelines/{pipelineId}": { body: () => ({ name: "taken" }) },
  "DELETE /api/workspaces/{workspaceId}/pipelines/{pipelineId}": {},
  "GET /api/workspaces/{workspaceId}/pipelines/{pipelineId}/versions": {},
  "GET /api/workspaces/{workspaceId}/pipelines/{pipelineId}/versions/{version}": {},
  "GET /api/workspaces/{workspaceId}/members": {},
  "POST /api/workspaces/{workspaceId}/members": { body: (t) => ({ email: t.outsiderEmail, role: "admin" }) },
  "PATCH /api/workspaces/{workspaceId}/members/{userId}": { body: () => ({ role: "owner" }) },
  "DELETE /api/workspaces/{workspaceId}/members/{userId}": {},
  "GET /api/workspaces/{workspaceId}/agents": {},
  "POST /api/workspaces/{workspaceId}/agents": { body: () => ({ ...AGENT, slug: `a${Date.now()}` }) },
  "GET /api/workspaces/{workspaceId}/agents/{agentId}": {},
  "PATCH /api/workspaces/{workspaceId}/agents/{agentId}": { body: () => ({ name: "taken" }) },
  "DELETE /api/workspaces/{workspaceId}/agents/{agentId}": {},
  "POST /api/workspaces/{workspaceId}/credits/grants": { body: () => ({ amount: 1000000, description: "taken" }) },
  "GET /api/workspaces/{workspaceId}/credits": {},
  "GET /api/workspaces/{workspaceId}/usage": {},
  "GET /api/workspaces/{workspaceId}/executions": {},
  "GET /api/workspaces/{workspaceId}/audit-logs": {},
  "GET /api/workspaces/{workspaceId}/audit-logs/verify": {},
  "GET /orchestrate/workspaces/{workspaceId}/events": { stream: true },
  "GET /orchestrate/executions/{executionId}": {},
  "GET /orchestrate/executions/{executionId}/events": { stream: true },
  "POST /orchestrate/executions/{executionId}/approve": { body: () => ({ node_id: "gate" }) },
  "POST /orchestrate/executions/{executionId}/reject": { body: () => ({ node_id: "gate" }) },
  "POST /orchestrate/executions/{executionId}/cancel": {},
  "POST /orchestrate/executions/{executionId}/retry": {},
  "POST /orchestrate/executions/{executionId}/budget": { body: () => ({ budget: 1 }) },
  "POST /orchestrate/pipeline/start": { body: (t) => ({ pipeline_id: t.pipelineId, input: { x: 1 } }) },
  "POST /orchestrate/pipeline/estimate": { read: true, body: (t) => ({ pipeline_id: t.pipelineId, input: { x: 1 } }) },
  "POST /orchestrate/pipeline/try-node": { body: (t) => ({ pipeline_id: t.pipelineId, workspace_id: t.workspaceId, node_id: "v", input: { x: 1 } }) },
  "POST /orchestrate/agent/invoke": { body: (t) => ({ agent_id: t.agentId, messages: [{ role: "user", content: "hi" }] }) },
};
// Operations with no other workspace's ids in them: who may call them is another drill's business
// (the caller's own data, sign-in, the deployment's admin), checked here only for the admin's.
const NOT_TENANT = ["GET /api/me", "GET /api/workspaces", "POST /api/workspaces", "GET /api/pricing", "POST /api/auth/signup",
  "POST /api/auth/login", "GET /api/auth/providers", "GET /api/auth/oidc/start", "GET /api/auth/oidc/callback"];
const ADMIN = ["GET /api/admin/vault", "POST /api/admin/vault/rewrap", "POST /api/admin/vault/keys/{version}/retire"];
const GRAPH = {
  entry_point: "gate",
  nodes: [
    { id: "gate", type: "human_gate", label: "Gate" },
    { id: "v", type: "validation", label: "V" },
  ],
  edges: [{ from: "gate", to: "v" }],
};
const AGENT = { name: "Drill agent", model_provider: "simulated", model: "simulated", system_prompt: "You are a drill." };

export default {
  number: 7,
  title: "Tenancy sweep",
  proves: `Two workspaces, each with a pipeline (a gate waiting for approval), an agent, a secret, a
viewer and the presets' MCP connections. Every operation of the service's OpenAPI description
(\`/api/docs\`) that takes a workspace's, execution's or object's id is called by the owner of the
other workspace with the target's ids, and again with their own workspace's id around the target's
object ids: each answer must be 404 problem+json (an id of a workspace one is not in is unknown, so
its existence is not revealed). Every write is called by the target's viewer: 403. Both live
streams (WebSocket and SSE) are opened by the stranger (refused with 4404 / 404, no event sent) and
by the viewer (allowed, the control). No answer may carry the target's data (names, slugs, the
secret's value, the run's input), and afterwards the target workspace is exactly as before. An
operation added to the API without a line in this drill fails it, and non-admins get 403 from the
deployment admin's operations.`,
  short: true,
  async run(ctx) {
    const { service } = await ctx.shared();
    const anon = new Api(service.url);
    const marker = `tenant-marker-${randomUUID().slice(0, 8)}`;
    const target = await anon.signUp("target");
    const stranger = await anon.signUp("stranger");
    const viewer = await anon.signUp("viewer");
    const outsider = await anon.signUp("outsider");
    const ws = target.workspace;
    await target.ok("POST", `/api/workspaces/${ws}/members`, { email: viewer.email, role: "viewer" });
    const pipelineId = await target.pipeline(ws, { ...GRAPH }, `p_${marker.replaceAll("-", "_")}`);
    const agent = await target.ok("POST", `/api/workspaces/${ws}/agents`, { ...AGENT, slug: `a_${marker.replaceAll("-", "_")}`, name: marker });
    await target.ok("PUT", `/api/workspaces/${ws}/secrets/s_${marker.replaceAll("-", "_")}`, { value: `${marker}-secret-value` });
    const connections = await target.ok("GET", `/api/workspaces/${ws}/mcp-connections`);
    const connection = connections.find((c) => c.name === "firecrawl") ?? connections[0];
    const executionId = await target.start(pipelineId, { marker });
    await until("the target's run to wait at its gate", async () => (await target.execution(executionId)).status === "awaiting_approval", 60_000);
    const t = {
      workspaceId: ws, pipelineId, agentId: agent.id, executionId, connectionId: connection.id,
      userId: viewer.user.id, name: `s_${marker.replaceAll("-", "_")}`, version: 1, tool: "firecrawl_search",
      outsiderEmail: outsider.email,
    };
    const snapshot = async () => JSON.stringify({
      pipelines: (await target.ok("GET", `/api/workspaces/${ws}/pipelines`)).map?.((p) => [p.id, p.version, p.name]) ?? null,
      agents: (await target.ok("GET", `/api/workspaces/${ws}/agents`)).map?.((a) => [a.id, a.name]) ?? null,
      members: (await target.ok("GET", `/api/workspaces/${ws}/members`)).map?.((m) => [m.user_id, m.role]) ?? null,
      secrets: (await target.ok("GET", `/api/workspaces/${ws}/secrets`)).map?.((s) => [s.name, s.version]) ?? null,
      connections: (await target.ok("GET", `/api/workspaces/${ws}/mcp-connections`)).map((c) => [c.id, c.name, c.url ?? null]),
      balance: (await target.ok("GET", `/api/workspaces/${ws}/credits`)).balance,
      limits: await target.ok("GET", `/api/workspaces/${ws}/spending-limits`),
      execution: (await target.execution(executionId)).status,
    });
    const before = await snapshot();

    // Coverage: the drill knows every operation the service describes.
    const docs = await target.ok("GET", "/api/docs");
    const described = Object.entries(docs.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const unknown = described.filter((op) => !(op in OPS) && !NOT_TENANT.includes(op) && !ADMIN.includes(op));
    ctx.check("every operation in /api/docs is swept (or listed as not tenant-scoped)", unknown.length === 0, unknown.join(", "));
    ctx.figure("operations described in /api/docs", described.length);

    const fill = (path, ids) => path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(ids[k]));
    const leaks = (text) => text.includes(marker);
    const call = (api, op, ids) => {
      const [method, path] = op.split(" ");
      const spec = OPS[op];
      if (spec.stream) return readSse(service.url + fill(path, ids), { token: api.token, ms: 300 }).then((r) => ({ status: r.status, body: r.body + r.events.map((e) => e.data).join("\n"), headers: new Headers({ "content-type": r.contentType ?? "" }) }));
      return api.call(method, fill(path, ids), spec.body?.(ids));
    };
    const isProblem = (r) => (r.headers.get("content-type") ?? "").includes("application/problem+json");

    let calls = 0;
    // The control: the same reads by the target's owner succeed, so a 404 below is a refusal.
    for (const op of Object.keys(OPS).filter((o) => o.startsWith("GET "))) {
      const r = await call(target, op, t);
      calls++;
      ctx.check(`control, the owner: ${op} succeeds`, r.status === 200, `${r.status} ${r.body.slice(0, 160)}`);
    }
    for (const op of Object.keys(OPS)) {
      // The stranger with the target's ids, then inside their own workspace with the target's objects
      // (a secret is named within its workspace, so the same name in one's own is one's own secret).
      const variants = [["target's ids", t]];
      if (op.includes("{workspaceId}") && /\{(pipelineId|agentId|connectionId|userId)\}/.test(op)) variants.push(["own workspace, target's objects", { ...t, workspaceId: stranger.workspace }]);
      for (const [label, ids] of variants) {
        const r = await call(stranger, op, ids);
        calls++;
        ctx.check(`stranger, ${label}: ${op} is 404`, r.status === 404 && isProblem(r) && !leaks(r.body), `${r.status} ${r.body.slice(0, 160)}`);
      }
      const [method] = op.split(" ");
      if (method !== "GET" && !OPS[op].read) {
        const r = await call(viewer, op, t);
        calls++;
        ctx.check(`viewer: ${op} is 403`, r.status === 403 && isProblem(r) && !leaks(r.body), `${r.status} ${r.body.slice(0, 160)}`);
      }
    }
    for (const op of ADMIN) {
      const [method, path] = op.split(" ");
      const r = await stranger.call(method, fill(path, { version: 1 }));
      calls++;
      ctx.check(`a non-admin: ${op} is refused`, [403, 404].includes(r.status) && isProblem(r), `${r.status} ${r.body.slice(0, 160)}`);
    }

    const wsUrl = service.url.replace(/^http/, "ws");
    const sockets = [
      ["WS execution", `${wsUrl}/ws/execution/${executionId}`],
      ["WS workspace", `${wsUrl}/ws/workspace/${ws}`],
    ];
    for (const [name, url] of sockets) {
      const s = await openSocket(`${url}?token=${encodeURIComponent(stranger.token)}`, { ms: 500 });
      calls++;
      const sent = s.frames.filter((f) => !f.includes('"pong"'));
      ctx.check(`stranger: ${name} refused with 4404, nothing sent`, (s.closeCode === 4404 || s.httpStatus === 404) && sent.length === 0, JSON.stringify({ close: s.closeCode, http: s.httpStatus, sent: sent.length }));
    }
    const seen = await openSocket(`${sockets[0][1]}?token=${encodeURIComponent(viewer.token)}`, { ms: 1000 });
    ctx.check("control: the viewer's WS execution stream sends the run's events", seen.opened && seen.frames.length > 0, JSON.stringify({ close: seen.closeCode, frames: seen.frames.length }));

    const after = await snapshot();
    ctx.check("the target workspace is unchanged after the sweep", before === after, before === after ? "" : `before ${before}\nafter ${after}`);
    ctx.figure("calls made", calls);
  },
};
