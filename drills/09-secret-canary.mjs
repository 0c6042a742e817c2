// Drill 9: a secret stays secret. Canary secrets are used by runs (an MCP server's environment, a
// key file, a server that reflects its environment in its results and one that prints it in its
// dying words), then searched for everywhere the service writes: every answer it gave, every event,
// its log, the audit rows, every text column of the database, and its child processes' environments.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { Api } from "./lib/api.mjs";
import { readSse } from "./lib/live.mjs";
import { until } from "./lib/process.mjs";

const root = new URL("..", import.meta.url).pathname;
const EVERYTHING = "node_modules/@modelcontextprotocol/server-everything/dist/index.js";
const DYING = "console.error('auth failed for token ' + process.env.API_TOKEN); process.exit(3)";

export default {
  number: 9,
  title: "Secret canary",
  proves: `Two canary secrets are stored in a workspace: one given to MCP servers as an environment
variable (\`secret:NAME\`), one as a key file (\`secret-file:NAME\`). Runs call the pinned
\`@modelcontextprotocol/server-everything\` over stdio, including its \`get-env\` tool, which answers
with its whole environment (so the canary comes back inside a tool result), the same tools are
called and tested through the API, and a server that prints the canary to stderr and dies is
called too (so it comes back inside an error). Then the canaries are searched for: in every answer
the drill received (executions, steps, tool results, errors, lists), in both live streams' replays
of every run, in the service's log, in the audit rows, in every text, JSON and character column of
every table in the database, and in the environment of every process the service started. The
canary given as an environment variable may appear only in the environment of the servers of the
connections configured with it (that is how it is handed over); the key file's contents in no
environment at all; the service's own master key in none.`,
  short: true,
  async run(ctx) {
    if (!existsSync(`${root}mcp-servers/${EVERYTHING}`)) throw new Error("the pinned MCP servers are not installed: run (cd mcp-servers && npm ci --ignore-scripts)");
    const model = await ctx.model();
    const db = ctx.database();
    const service = await ctx.service(db, {
      env: {
        ...model.env,
        ORCHESTRATE_MCP_SERVERS_DIR: `${root}mcp-servers`,
        ORCHESTRATE_MCP_STDIO_ALLOW: `node ${EVERYTHING} stdio,node -e`,
        ORCHESTRATE_MCP_IDLE_TIMEOUT: "10m",
      },
    });
    const canaryEnv = `canary-env-${randomUUID()}`;
    const canaryFile = `canary-file-${randomUUID()}`;
    const answers = [];
    const owner = await new Api(service.url).signUp("canary");
    const record = async (p) => {
      const r = await p;
      answers.push(r.body);
      return r;
    };
    const ws = owner.workspace;
    const must = async (p) => {
      const r = await record(p);
      if (r.status >= 300) throw new Error(`${r.status} ${r.body.slice(0, 300)}`);
      return r.json;
    };
    await must(owner.put(`/api/workspaces/${ws}/secrets/canary_env`, { value: canaryEnv }));
    await must(owner.put(`/api/workspaces/${ws}/secrets/canary_file`, { value: canaryFile }));
    const everything = await must(owner.post(`/api/workspaces/${ws}/mcp-connections`, {
      name: "everything", transport: "stdio", command: "node", args: [EVERYTHING, "stdio"],
      env: { API_TOKEN: "secret:canary_env", KEY_FILE: "secret-file:canary_file" },
    }));
    const dying = await must(owner.post(`/api/workspaces/${ws}/mcp-connections`, {
      name: "dying", transport: "stdio", command: "node", args: ["-e", DYING], env: { API_TOKEN: "secret:canary_env" },
    }));
    const plain = await must(owner.post(`/api/workspaces/${ws}/mcp-connections`, {
      name: "plain", transport: "stdio", command: "node", args: [EVERYTHING, "stdio"], env: { REGION: "eu" },
    }));

    // Through the API: list, test and call, the reflecting tool included, and the dying server.
    await must(owner.get(`/api/workspaces/${ws}/mcp-connections/${everything.id}/tools`));
    await must(owner.post(`/api/workspaces/${ws}/mcp-connections/${everything.id}/test`));
    const direct = await record(owner.post(`/api/workspaces/${ws}/mcp-connections/${everything.id}/tools/get-env/call`, { arguments: {} }));
    ctx.check("control: get-env through the API answered", direct.status === 200, `${direct.status} ${direct.body.slice(0, 200)}`);
    // The server did reflect the variable: the answer names it, with the value masked.
    ctx.check("the reflected variable comes back masked", /API_TOKEN\\?":\s*\\?"\[redacted\]/.test(direct.body), direct.body.match(/API_TOKEN.{0,40}/)?.[0] ?? "not reflected");
    await record(owner.post(`/api/workspaces/${ws}/mcp-connections/${dying.id}/test`));
    await record(owner.post(`/api/workspaces/${ws}/mcp-connections/${dying.id}/tools/x/call`, { arguments: {} }));
    await must(owner.post(`/api/workspaces/${ws}/mcp-connections/${plain.id}/test`));

    // Through runs: the tools as pipeline steps, and the dying server as a failing step.
    const tool = (id, mcp, name, args = {}) => ({ id, type: "mcp_tool", label: id, mcp, tool: name, arguments: args, retry: { max_attempts: 1 } });
    const reflecting = await owner.pipeline(ws, {
      entry_point: "env",
      nodes: [tool("env", "everything", "get-env"), tool("echo", "everything", "echo", { message: "the environment: {{steps.env.output}}" }), tool("plainenv", "plain", "get-env")],
      edges: [{ from: "env", to: "echo" }, { from: "env", to: "plainenv" }],
    });
    const failing = await owner.pipeline(ws, { entry_point: "die", nodes: [tool("die", "dying", "anything")], edges: [] });
    const runs = [await owner.start(reflecting, { x: 1 }), await owner.start(failing, { x: 1 })];
    for (const id of runs) await owner.awaitEnd(id, 120_000);
    const views = [];
    for (const id of runs) views.push(await must(owner.get(`/orchestrate/executions/${id}`)));
    ctx.check("control: the reflecting run completed (its tool answered)", views[0].status === "completed", JSON.stringify(views[0].error));
    ctx.check("control: the dying server's run failed with tool_error", views[1].status === "failed" && views[1].error?.code === "tool_error", JSON.stringify(views[1].error));
    for (const id of runs) {
      const sse = await readSse(`${service.url}/orchestrate/executions/${id}/events`, { token: owner.token, ms: 1000 });
      answers.push(sse.events.map((e) => e.data).join("\n"));
    }
    for (const path of ["secrets", "mcp-connections", "audit-logs", "credits", "executions"]) await must(owner.get(`/api/workspaces/${ws}/${path}`));

    // The children's environments, while they run (clients stay up for the idle timeout).
    const children = descendants(service.pid);
    const environs = children.map((pid) => ({ pid, env: environ(pid) })).filter((c) => c.env !== null);
    const withEnvCanary = environs.filter((c) => c.env.includes(canaryEnv));
    ctx.figure("child processes of the service inspected", environs.length);
    ctx.check("control: the servers given the canary hold it (so the search can find one)", withEnvCanary.length >= 1, `${withEnvCanary.length} of ${environs.length}`);
    ctx.check("the env canary is only in the environment of the servers configured with it", environs.every((c) => !c.env.includes(canaryEnv) || c.env.includes("API_TOKEN=")), "");
    ctx.check("the key file's contents are in no child's environment", environs.every((c) => !c.env.includes(canaryFile)), "");
    ctx.check("the master key is in no child's environment", environs.every((c) => !c.env.includes(service.env.ORCHESTRATE_MASTER_KEY.slice(2))), "");

    // Everywhere the service writes.
    const found = (text) => [canaryEnv, canaryFile].filter((c) => text.includes(c));
    const inAnswers = answers.flatMap(found);
    ctx.figure("answers and event streams searched", answers.length);
    ctx.check("no answer or event carries a canary", inAnswers.length === 0, [...new Set(inAnswers)].join(", "));
    const log = service.log();
    ctx.figure("service log searched", `${log.split("\n").length} lines`);
    ctx.check("the service's log carries no canary", found(log).length === 0, found(log).join(", "));
    const audit = ctx.pg.psql(db, "SELECT string_agg(details::text, E'\\n') FROM audit_logs")[0]?.[0] ?? "";
    ctx.check("no audit row carries a canary", found(audit).length === 0, found(audit).join(", "));
    const columns = ctx.pg.psql(db, `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying', 'character', 'ARRAY')`);
    const hits = [];
    for (const [table, column] of columns) {
      const n = Number(ctx.pg.psql(db, `SELECT count(*) FROM "${table}" WHERE "${column}"::text LIKE '%canary-env-%' OR "${column}"::text LIKE '%canary-file-%'`)[0][0]);
      if (n) hits.push(`${table}.${column} (${n} rows)`);
    }
    ctx.figure("database columns searched (text, JSON, character)", columns.length);
    ctx.check("no text, JSON or character column holds a canary", hits.length === 0, hits.join(", "));
  },
};

/** Every process below pid (children, theirs...), from /proc. */
function descendants(pid) {
  const parents = new Map();
  for (const d of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(d), ppid);
    } catch {
      // gone
    }
  }
  const out = [];
  const walk = (p) => {
    for (const [child, parent] of parents) if (parent === p) out.push(child), walk(child);
  };
  walk(pid);
  return out;
}

function environ(pid) {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").replaceAll("\0", "\n");
  } catch {
    return null;
  }
}
