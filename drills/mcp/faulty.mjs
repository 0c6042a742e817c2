// A small MCP server over stdio (newline-delimited JSON-RPC, as the MCP stdio transport frames it)
// whose one tool, `work`, misbehaves as told by its first argument:
//   ok       answers {content: [{type: "text", text: "ok ..."}]} at once
//   crash    exits with status 1 when the tool is called (after a line on stderr)
//   hang     never answers the call (it does answer pings, as a stuck handler would)
//   garbage  writes lines that are not JSON-RPC, then a result that is not a tool result
//   huge     answers a 10 MB text block
// Run as: node drills/mcp/faulty.mjs <mode>
import { createInterface } from "node:readline";

const mode = process.argv[2] ?? "ok";
const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const reply = (id, result) => send({ jsonrpc: "2.0", id, result });

createInterface({ input: process.stdin }).on("line", (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  const { id, method, params } = message;
  if (id === undefined) return; // a notification (initialized, cancelled)
  switch (method) {
    case "initialize":
      return reply(id, {
        protocolVersion: params?.protocolVersion ?? "2025-06-18",
        capabilities: { tools: {} },
        serverInfo: { name: `drill-${mode}`, version: "1.0.0" },
      });
    case "ping":
      return reply(id, {});
    case "tools/list":
      return reply(id, {
        tools: [{ name: "work", description: "Does the drill's work", inputSchema: { type: "object", properties: { n: { type: "number" } } } }],
      });
    case "tools/call":
      return call(id, params);
    default:
      return send({ jsonrpc: "2.0", id, error: { code: -32601, message: `no method ${method}` } });
  }
});

function call(id, params) {
  switch (mode) {
    case "ok":
      return reply(id, { content: [{ type: "text", text: `ok ${JSON.stringify(params?.arguments ?? {})}` }] });
    case "crash":
      process.stderr.write("drill: the tool crashed on purpose\n");
      return process.exit(1);
    case "hang":
      return;
    case "garbage":
      process.stdout.write("this is not JSON-RPC\n");
      process.stdout.write("{\"jsonrpc\":\"2.0\",\"id\":\n");
      process.stdout.write("\u0000\u0001\u00ff garbage \ud800\n");
      send({ jsonrpc: "2.0", id: 987654321, result: { content: [] } });
      return reply(id, { content: "not a list of blocks", isError: "perhaps" });
    case "huge":
      return reply(id, { content: [{ type: "text", text: "x".repeat(10 * 1024 * 1024) }] });
  }
}
