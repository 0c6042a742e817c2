// Drill 10: malformed bodies to every write endpoint, generated from a seed (printed, and taken from
// DRILLS_SEED to replay a run). No answer is a 5xx, every refusal is problem+json, a refused
// request changes no row, and another workspace's requests keep their latency meanwhile.
import { Api } from "./lib/api.mjs";
import { pct, pool, until } from "./lib/process.mjs";

const GRAPH = {
  entry_point: "v",
  nodes: [
    { id: "v", type: "validation", label: "V", schema: { type: "object" } },
    { id: "gate", type: "human_gate", label: "Gate" },
    { id: "done", type: "finalize", label: "Done" },
  ],
  edges: [{ from: "v", to: "gate" }, { from: "gate", to: "done", condition: "true" }],
};
// try-node tries an agent_call node alone, in a graph sent with the request.
const TRY_GRAPH = {
  entry_point: "a",
  nodes: [{ id: "a", type: "agent_call", label: "A", agent_slug: "bad_input", prompt: "{{input.x}}" }, { id: "done", type: "finalize", label: "Done" }],
  edges: [{ from: "a", to: "done" }],
};
const AGENT = { slug: "bad_input", name: "Drill agent", model_provider: "simulated", model: "simulated", system_prompt: "You are a drill.", parameters: { temperature: 0.2 } };

// Every write operation of /api/docs that takes a JSON body, with a valid body to start from (its
// path ids are the attacked workspace's real objects, so the body is what gets judged).
const OPS = {
  "PUT /api/workspaces/{workspaceId}/spending-limits": () => ({ daily: 100, monthly: 1000 }),
  "PUT /api/workspaces/{workspaceId}/secrets/{name}": () => ({ value: "v" }),
  "PUT /api/workspaces/{workspaceId}/mcp-connections/{connectionId}": () => ({ name: "drill_conn", transport: "http", url: "https://mcp.example.com/mcp", headers: { Authorization: "secret:drill_secret" } }),
  "POST /orchestrate/pipeline/try-node": (t) => ({ pipeline_id: t.pipelineId, workspace_id: t.workspaceId, node_id: "a", input: { x: 1 }, graph_definition: TRY_GRAPH, steps: {} }),
  "POST /orchestrate/pipeline/start": (t) => ({ pipeline_id: t.pipelineId, input: { x: 1 }, budget: 5, idempotency_key: "k" }),
  "POST /orchestrate/pipeline/estimate": (t) => ({ pipeline_id: t.pipelineId, input: { x: 1 } }),
  "POST /orchestrate/executions/{executionId}/reject": () => ({ node_id: "gate", comment: "c" }),
  "POST /orchestrate/executions/{executionId}/approve": () => ({ node_id: "gate", comment: "c" }),
  "POST /orchestrate/executions/{executionId}/budget": () => ({ budget: 10 }),
  "POST /orchestrate/agent/invoke": (t) => ({ agent_id: t.agentId, messages: [{ role: "user", content: "hi" }], stream: false }),
  "POST /api/workspaces": () => ({ name: "w", slug: "w" }),
  "POST /api/workspaces/{workspaceId}/pipelines": () => ({ slug: "p", name: "p", description: "d", graph_definition: GRAPH }),
  "POST /api/workspaces/{workspaceId}/pipelines/validate": () => ({ graph_definition: GRAPH }),
  "PATCH /api/workspaces/{workspaceId}/pipelines/{pipelineId}": () => ({ name: "p", description: "d", graph_definition: GRAPH }),
  "POST /api/workspaces/{workspaceId}/members": (t) => ({ email: t.memberEmail, role: "viewer" }),
  "PATCH /api/workspaces/{workspaceId}/members/{userId}": () => ({ role: "viewer" }),
  "POST /api/workspaces/{workspaceId}/mcp-connections": () => ({ name: "c", transport: "stdio", command: "npx", args: ["-y", "firecrawl-mcp@3.26.0"], env: { FIRECRAWL_API_KEY: "secret:drill_secret" } }),
  "POST /api/workspaces/{workspaceId}/mcp-connections/{connectionId}/tools/{tool}/call": () => ({ arguments: { query: "q", limit: 1 } }),
  "POST /api/workspaces/{workspaceId}/credits/grants": () => ({ amount: 10, description: "d" }),
  "POST /api/workspaces/{workspaceId}/agents": () => ({ ...AGENT }),
  "PATCH /api/workspaces/{workspaceId}/agents/{agentId}": () => ({ name: "a", system_prompt: "s", parameters: { max_tokens: 100 } }),
  "POST /api/auth/signup": () => ({ email: "x@drills.example", password: "drill-password-0123456789", name: "n" }),
  "POST /api/auth/login": (t) => ({ email: t.email, password: "wrong-password-0123456789" }),
};
// Writes without a body (cancel, retry, test, deletes, the admin's) take nothing to malform; the
// admin's are the deployment admin's (403 here).
const BODYLESS = /\/(cancel|retry|test|rewrap|retire)$/;

/** mulberry32: small, seedable, good enough to pick cases. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (xs) => xs[int(xs.length)];
  return { next, int, pick };
}

const MARK = "\u{E000}SPLICE\u{E000}";
/** A JSON text with the raw `fragment` where the marker value was. */
const splice = (value, fragment) => JSON.stringify(value).replace(JSON.stringify(MARK), fragment);

/** Leaf paths of a value (arrays and objects walked), the root included. */
function paths(v, at = []) {
  const out = [at];
  if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, Array.isArray(v) ? Number(k) : k]));
  return out;
}
function setAt(v, path, x) {
  if (!path.length) return x;
  const copy = Array.isArray(v) ? [...v] : { ...v };
  copy[path[0]] = setAt(v[path[0]], path.slice(1), x);
  return copy;
}

const CEL = [
  "(".repeat(5000) + "true" + ")".repeat(5000),
  "[1,2,3].all(a, [1,2,3].all(b, [1,2,3].all(c, [1,2,3].all(d, [1,2,3].all(e, true)))))",
  "[" + Array.from({ length: 20000 }, (_, i) => i).join(",") + "].exists(x, x < 0)",
  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('^(a+)+$')",
  "'" + "x".repeat(100000) + "' == input.a",
  "input.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z" + ".a".repeat(2000),
  "size(input) > 1 &&" + " size(input) > 1 &&".repeat(3000) + " true",
  "\u0000 == \u0000",
  "input.x == '\ud800'",
  "1 / 0 == 1",
  "dyn(input).map(k, dyn(input).map(j, dyn(input).map(i, k + j + i))).size() > 0",
  "has(",
  "true ? true : ".repeat(3000) + "false",
];
const SCHEMAS = [
  { $ref: "http://169.254.169.254/latest/meta-data/" },
  { $ref: "file:///etc/passwd" },
  { $ref: "https://json-schema.org/draft/2020-12/schema" },
  { $id: "https://evil.example/s", properties: { a: { $ref: "https://evil.example/other#/x" } } },
  { $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" },
  { $dynamicRef: "#meta", $defs: { x: { $dynamicAnchor: "meta", $ref: "http://localhost:1/" } } },
  { type: "string", pattern: "^(a+)+$" },
  { type: "string", pattern: "(?<=a)b\\1" },
  { properties: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`p${i}`, { type: "string", pattern: "^(x|x)*$" }])) },
  JSON.parse('{"allOf":' + "[{\"allOf\":".repeat(300) + "[]" + "}]".repeat(300) + "}"),
  { type: 12, required: "yes", minLength: -1 },
];
const TEMPLATES = [
  "{{", "}}", "{{{{input}}}}", "{{input.__proto__.polluted}}", "{{constructor.constructor('return 1')()}}",
  "{{steps.nope.output}}", "{{input" + ".a".repeat(5000) + "}}", "{{#each input}}{{this}}{{/each}}",
  "{{input}}".repeat(50000), "${7*7} #{7*7} <%= 7*7 %> {{7*7}}", "\u0000{{input}}\u0000", "{{input.x\ud800}}",
  "{{ steps.v.output | json }}", "{{\n}}", "\u202e{{input}}",
];
const ODD_STRINGS = ["", " ", "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "\uffff", "\u202e", "../../etc/passwd", "'; DROP TABLE users; --",
  "<script>alert(1)</script>", "%00", "\r\n\r\nX-Injected: 1", "🦀".repeat(1000), "a".repeat(70000)];
const WRONG = [0, -1, 1.5, 1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER * 1000, true, false, null, [], {}, [[]], [{}], "string", "", { a: { b: { c: [] } } }];

/** Builds one malformed request of kind `kind` for `op`: {kind, text|buffer, contentType}. */
function malformed(r, op, base, kind) {
  const ps = paths(base).filter((p) => p.length);
  const anyPath = () => (ps.length ? r.pick(ps) : []);
  switch (kind) {
    case "wrong type":
      return { text: JSON.stringify(setAt(base, anyPath(), r.pick(WRONG))) };
    case "wrong root":
      return { text: r.pick(["[]", "null", "1", "\"s\"", "true", "[{}]", "{}"]) };
    case "odd string":
      return { text: JSON.stringify(setAt(base, anyPath(), r.pick(ODD_STRINGS))) };
    case "NUL or lone surrogate key": {
      const k = r.pick(["\u0000", "\ud800", "a\u0000", "\udc00x"]);
      return { text: JSON.stringify({ ...base, [k]: "v" }) };
    }
    case "invalid UTF-8": {
      const t = JSON.stringify(setAt(base, anyPath(), MARK));
      const [a, b] = t.split(JSON.stringify(MARK));
      return { buffer: Buffer.concat([Buffer.from(a + "\""), Buffer.from(r.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0x80]])), Buffer.from("\"" + b)]) };
    }
    case "escaped lone surrogate":
      return { text: splice(setAt(base, anyPath(), MARK), r.pick(["\"\\ud800\"", "\"\\udfff\"", "\"x\\ud83d\"", "\"\\u0000\\ud800\""])) };
    case "huge string":
      return { text: JSON.stringify(setAt(base, anyPath(), "x".repeat(r.pick([1 << 20, 3 << 20, 12 << 20])))) };
    case "huge array":
      return { text: splice(setAt(base, anyPath(), MARK), "[" + "0,".repeat(r.pick([100_000, 1_000_000])) + "0]") };
    case "many keys":
      return { text: splice(setAt(base, anyPath(), MARK), "{" + Array.from({ length: r.pick([10_000, 100_000]) }, (_, i) => `"k${i}":${i}`).join(",") + "}") };
    case "deep JSON": {
      const n = r.pick([1_000, 10_000, 100_000]);
      const [o, c] = r.pick([["[", "]"], ["{\"a\":", "}"]]);
      return { text: splice(setAt(base, anyPath(), MARK), o.repeat(n) + "1" + c.repeat(n)) };
    }
    case "broken syntax": {
      const t = JSON.stringify(base);
      return { text: r.pick([t.slice(0, r.int(t.length)), t + "}", t + " garbage", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":1e99999}", "", "\ufeff" + t, "{\"a\":\"\\x41\"}", t.replace(/"/, "")]) };
    }
    case "duplicate keys": {
      const t = JSON.stringify(base);
      return { text: t.length > 2 ? t.slice(0, -1) + "," + t.slice(1) : t };
    }
    case "wrong content type":
      return { text: JSON.stringify(base), contentType: r.pick(["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json; charset=bogus"]) };
    case "huge numbers": {
      return { text: splice(setAt(base, anyPath(), MARK), r.pick(["1" + "0".repeat(5000), "-1e400", "1e-400", "123456789012345678901234567890", "0." + "1".repeat(10000), "-0"])) };
    }
    case "pathological CEL":
      return { text: JSON.stringify(withGraph(base, { ...GRAPH, edges: [{ from: "v", to: "gate" }, { from: "gate", to: "done", condition: r.pick(CEL) }] })) };
    case "external or endless $ref":
      return { text: JSON.stringify(withGraph(base, { ...GRAPH, nodes: [{ ...GRAPH.nodes[0], schema: r.pick(SCHEMAS) }, ...GRAPH.nodes.slice(1)] }), (k, v) => v) };
    case "odd template": {
      const tpl = r.pick(TEMPLATES);
      const graph = { ...GRAPH, nodes: [...GRAPH.nodes.slice(0, 2), { id: "done", type: "finalize", label: "Done", output: tpl }] };
      const b = base.system_prompt !== undefined ? { ...base, system_prompt: tpl } : base.messages ? { ...base, messages: [{ role: "user", content: tpl }] } : withGraph(base, graph);
      return { text: JSON.stringify(b) };
    }
    case "10,000-node graph": {
      const n = 10_000;
      const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: "validation", label: `N${i}` }));
      const shape = r.pick(["chain", "cycle", "star", "no edges", "duplicate ids"]);
      const edges = shape === "no edges" ? [] : shape === "star" ? nodes.slice(1).map((x) => ({ from: "n0", to: x.id }))
        : nodes.slice(1).map((x, i) => ({ from: nodes[i].id, to: x.id })).concat(shape === "cycle" ? [{ from: `n${n - 1}`, to: "n0" }] : []);
      if (shape === "duplicate ids") nodes.forEach((x) => (x.id = "same"));
      return { text: JSON.stringify(withGraph(base, { entry_point: "n0", nodes, edges })) };
    }
    case "prototype keys":
      return { text: `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(base).slice(1)}`.replace(",}", "}") };
    default:
      throw new Error(kind);
  }
}
/** Puts a graph where this body has one, or as its graph_definition. */
const withGraph = (base, graph) => ({ ...base, graph_definition: graph });

const KINDS = ["wrong type", "wrong root", "odd string", "NUL or lone surrogate key", "invalid UTF-8", "escaped lone surrogate", "huge string",
  "huge array", "many keys", "deep JSON", "broken syntax", "duplicate keys", "wrong content type", "huge numbers", "pathological CEL",
  "external or endless $ref", "odd template", "10,000-node graph", "prototype keys"];
// Big bodies cost the 2-core machine seconds each: they are a smaller share of the cases.
// Requests sent together between two looks at the tables: small, since a batch with one accepted
// request is not checked.
const BATCH = 5;
const HEAVY = new Set(["huge string", "huge array", "many keys", "10,000-node graph"]);

export default {
  number: 10,
  title: "Bad input",
  proves: `A seeded generator (its seed is printed as a figure; DRILLS_SEED replays it) builds
malformed bodies for every write operation of \`/api/docs\` that takes a JSON body (the drill fails if
one is added without a valid body to start from here), each from a valid body with its path ids
pointing at a real workspace's real objects: wrong types and roots, NUL and lone surrogates (escaped,
and as invalid UTF-8 bytes, in values and keys), 1-12 MB strings, 1,000,000-element arrays,
100,000-key objects, JSON nested 100,000 deep, broken syntax, duplicate keys, wrong content types,
numbers past every range, pathological CEL conditions, schemas with external, endless or dynamic
\`$ref\`s and catastrophic patterns, odd templates, 10,000-node graphs (chain, cycle, star, duplicate
ids) and prototype keys; 5,000 of them (500 in the short run), four at a time. No answer is a 5xx;
every answer that is not 2xx is \`application/problem+json\` with its status in the body (a body
over the 1 MiB limit may instead see its connection closed while it is still being sent, since the
413 goes out unread: counted as a figure). A digest of
every table's rows (row count and an md5 of the rows) is taken around each batch of five: a batch
where every request was refused leaves every table as it was, so nothing refused is half-written
(deliberate traces are left out: the audit rows of a refused login or tool call, the audit chain
heads they move, and the sign-up and login attempt counters).
Meanwhile the owner of another workspace reads their pipelines and workspace in a loop: its p99
latency during the drill is measured against the same loop before it, and must stay under 10 times
that (but never under 500 ms: an idle service answers in about 13 ms, and two cores flooded with
malformed requests reached 133 ms once, which is no starvation) and under 2 s (a bound for a
2-core machine shared with other work).`,
  short: true,
  async run(ctx) {
    const { service, db } = await ctx.shared();
    // The short run (CI) replays one seed, so a build fails for a change, not for the draw; the full
    // run draws a new one each time. Seed 1317608332 found a 500 for a lone surrogate at login (fixed,
    // UnstorableTextIT).
    const seed = Number(process.env.DRILLS_SEED ?? (ctx.short ? 170015729 : Math.floor(Math.random() * 2 ** 31)));
    ctx.log(`seed ${seed} (replay with DRILLS_SEED=${seed})`);
    ctx.figure("seed", seed);
    const r = rng(seed);
    const total = ctx.short ? 500 : 5000;

    const anon = new Api(service.url);
    const owner = await anon.signUp("bad-input");
    const member = await anon.signUp("bad-input-member");
    const bystander = await anon.signUp("bystander");
    const ws = owner.workspace;
    await owner.ok("POST", `/api/workspaces/${ws}/members`, { email: member.email, role: "member" });
    await owner.ok("PUT", `/api/workspaces/${ws}/secrets/drill_secret`, { value: "drill-secret-value" });
    const pipelineId = await owner.pipeline(ws, GRAPH);
    const agent = await owner.ok("POST", `/api/workspaces/${ws}/agents`, AGENT);
    const connection = (await owner.ok("GET", `/api/workspaces/${ws}/mcp-connections`)).find((c) => c.name === "firecrawl");
    const executionId = await owner.start(pipelineId, { x: 1 });
    const t = { workspaceId: ws, pipelineId, agentId: agent.id, connectionId: connection.id, executionId, userId: member.user.id,
      name: "drill_secret", tool: "firecrawl_search", email: owner.email, memberEmail: member.email };

    const docs = await owner.ok("GET", "/api/docs");
    const writes = Object.entries(docs.paths).flatMap(([path, ops]) => Object.entries(ops)
      .filter(([m, o]) => ["post", "put", "patch"].includes(m) && !BODYLESS.test(path) && o.requestBody)
      .map(([m]) => `${m.toUpperCase()} ${path}`));
    const missing = writes.filter((op) => !(op in OPS));
    ctx.check("every write operation with a JSON body in /api/docs has a base body here", missing.length === 0, missing.join(", "));
    const ops = Object.keys(OPS).filter((op) => writes.includes(op));
    ctx.figure("write operations fed", ops.length);

    // The control: each base body is accepted as it is or refused on its merits (409 a duplicate,
    // 403 a deployment matter), so a refusal below is the malformation's doing.
    const fill = (path) => path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(t[k]));
    const controls = [];
    for (const op of ops) {
      const [method, path] = op.split(" ");
      const res = await owner.call(method, fill(path), OPS[op](t));
      controls.push(`${op}: ${res.status}`);
      ctx.check(`control: ${op} with its base body is not refused as malformed`, ![400, 413, 415, 422].includes(res.status) && res.status < 500, `${res.status} ${res.body.slice(0, 200).replace(/\s+/g, " ")}`);
    }
    // The control approved (or rejected) the gate: the flood gets a run still waiting at its own.
    t.executionId = await owner.start(pipelineId, { x: 2 });
    // Runs started by an accepted request go on writing in the background: the row check waits
    // until none is queued or running, so a batch's digest moves only by the batch's doing.
    const quiet = () => until("the workspace's runs to settle", () =>
      Number(ctx.pg.psql(db, `SELECT count(*) FROM pipeline_executions WHERE workspace_id = '${ws}' AND status IN ('queued', 'running')`)[0][0]) === 0, 60_000, 50);
    await quiet();

    // Table digests, as the superuser: every row of every table.
    const tables = ctx.pg.psql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").map(([x]) => x);
    // Deliberate traces of refused requests: a refused login's audit row and a refused tool
    // call's (mcp.tool_called, failed: every attempt to use a tool is audited) are left out of the
    // digest, and the chain heads they move may move in a batch that had one; the sign-up and
    // login attempt counters (rate_limit_windows) may move in a batch that had a sign-up or login.
    const TRACES = "action = 'auth.login.failed' OR (action = 'mcp.tool_called' AND details->>'status' = 'failed')";
    const digestSql = tables.map((x) => `SELECT '${x}', count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM ${x} t${x === "audit_logs" ? ` WHERE NOT (${TRACES})` : ""}`).join(" UNION ALL ");
    const digest = () => Object.fromEntries(ctx.pg.psql(db, digestSql).map(([name, n, h]) => [name, `${n}:${h}`]));

    // The bystander's latency, before and during.
    const probe = async () => {
      const t0 = performance.now();
      const a = await bystander.get(`/api/workspaces/${bystander.workspace}/pipelines`);
      const b = await bystander.get(`/api/workspaces/${bystander.workspace}`);
      if (a.status !== 200 || b.status !== 200) throw new Error(`bystander read failed: ${a.status} ${b.status}`);
      return performance.now() - t0;
    };
    const before = [];
    for (let i = 0; i < 150; i++) before.push(await probe());
    let flooding = true;
    const during = [];
    let bystanderError = null;
    const watcher = (async () => {
      while (flooding) during.push(await probe().catch((e) => ((bystanderError = e), 0)));
    })();

    // The cases, made up front from the seed (so a replay makes the same ones).
    const cases = [];
    while (cases.length < total) {
      const kind = r.pick(KINDS);
      if (HEAVY.has(kind) && r.next() < 0.75) continue;
      const op = r.pick(ops);
      cases.push({ n: cases.length, op, kind, seedOf: r.int(2 ** 31) });
    }
    const byKind = {};
    const byStatus = {};
    const failures = [];
    let accepted = 0, checkedBatches = 0, skippedBatches = 0, closedOnOversized = 0;
    const halfWritten = [];
    const started = Date.now();
    let d0 = null;
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      d0 ??= digest();
      const answers = await pool(batch, 4, async (c) => {
        const [method, path] = c.op.split(" ");
        const m = malformed(rng(c.seedOf), c.op, OPS[c.op](t), c.kind);
        const api = c.op.startsWith("POST /api/auth/") ? anon : owner;
        const body = m.buffer ?? m.text;
        let res;
        try {
          res = await api.call(method, fill(path), body, { raw: true, headers: { "content-type": m.contentType ?? "application/json" } });
        } catch (e) {
          res = { status: 0, headers: new Headers(), body: String(e.cause?.code ?? e.message) };
        }
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        byKind[c.kind] ??= {};
        byKind[c.kind][res.status] = (byKind[c.kind][res.status] ?? 0) + 1;
        const problem = (res.headers.get("content-type") ?? "").startsWith("application/problem+json");
        let statusInBody = false;
        try {
          statusInBody = JSON.parse(res.body).status === res.status;
        } catch {
          // not JSON
        }
        const ok2xx = res.status >= 200 && res.status < 300;
        // A body over the service's 1 MiB limit is refused (413) before it is read; a client still
        // sending it may see the connection closed before it reads the 413: counted, not failed.
        const size = m.buffer?.length ?? Buffer.byteLength(m.text);
        if (res.status === 0 && size > 1 << 20 && /EPIPE|ECONNRESET|UND_ERR_SOCKET/.test(res.body)) {
          closedOnOversized++;
          c.status = 413;
          return false;
        }
        if (res.status === 0 || res.status >= 500 || (!ok2xx && !(problem && statusInBody))) {
          failures.push(`#${c.n} ${c.kind} → ${c.op}: ${res.status} ${res.headers.get("content-type")} ${res.body.slice(0, 160)}`);
        }
        c.status = res.status;
        return ok2xx;
      });
      const anyAccepted = answers.some(Boolean);
      accepted += answers.filter(Boolean).length;
      if (anyAccepted) {
        skippedBatches++;
        await quiet();
        d0 = null;
        continue;
      }
      // Accepted writes in the batch would move the digest on purpose; refused-only batches must not.
      const d1 = digest();
      const audited = batch.some((c) => (c.op === "POST /api/auth/login" && [401, 429].includes(c.status)) || c.op.endsWith("/call"));
      const counted = batch.some((c) => c.op.startsWith("POST /api/auth/"));
      const moved = tables.filter((x) => d0[x] !== d1[x] && !(audited && x === "audit_chain_heads") && !(counted && x === "rate_limit_windows"));
      checkedBatches++;
      if (moved.length) halfWritten.push(`cases #${i}-${i + batch.length - 1} (${batch.map((c) => `${c.kind} → ${c.op} ${c.status}`).join(", ")}): ${moved.join(", ")}`);
      d0 = d1;
    }
    flooding = false;
    await watcher;
    const seconds = (Date.now() - started) / 1000;

    ctx.figure("malformed requests sent", cases.length);
    ctx.figure("requests a second", Math.round(cases.length / seconds));
    ctx.figure("answers by status", JSON.stringify(byStatus));
    ctx.figure("answers by kind and status", Object.entries(byKind).map(([k, s]) => `${k} ${JSON.stringify(s)}`).join("; "));
    ctx.figure("accepted (2xx) despite the malformation", accepted);
    ctx.figure("bodies over 1 MiB whose connection closed before the 413 was read", closedOnOversized);
    ctx.check("no 5xx and no dropped connection; every refusal is problem+json with its status", failures.length === 0,
      `${failures.length} bad answers (seed ${seed}); first: ${failures.slice(0, 5).join(" | ")}`);
    ctx.figure("batches of five checked for half-written rows / skipped (a request in them was accepted)", `${checkedBatches} / ${skippedBatches}`);
    ctx.check("most batches were refused whole, so the row check checked", checkedBatches >= (cases.length / BATCH) * 0.5, `${checkedBatches} checked`);
    ctx.check("no refused request changed a row (table digests equal around each refused batch)", halfWritten.length === 0, halfWritten.slice(0, 5).join(" | "));

    ctx.check("the bystander's reads all succeeded", !bystanderError, bystanderError?.message);
    const p99Before = pct(before, 99);
    const p99During = pct(during, 99);
    ctx.figure("bystander p50 / p99 before", `${pct(before, 50).toFixed(1)} / ${p99Before.toFixed(1)}`, "ms");
    ctx.figure("bystander p50 / p99 during", `${pct(during, 50).toFixed(1)} / ${p99During.toFixed(1)}`, "ms");
    ctx.figure("bystander reads during", during.length);
    ctx.check("the bystander's p99 during stays under 10x before (at least 500 ms) and under 2 s", p99During < 10 * Math.max(p99Before, 50) && p99During < 2000,
      `before ${p99Before.toFixed(1)} ms, during ${p99During.toFixed(1)} ms`);
  },
};
