// A small MCP server over stdio (one JSON-RPC message a line) that breaks the transport's rule that
// stdout carries only MCP messages, as servers with a stray log statement do: it writes lines that
// are not JSON-RPC to stdout when it starts and before each of its answers (plain text, JSON that
// is not JSON-RPC, a message cut short, and one quoting its TOKEN variable, a secret). Its tool
// `echo` answers with its `message` argument; `malformed` answers a result that is not a tool
// result (its content is not a list of blocks).
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const stray = () => {
  process.stdout.write("this is not JSON-RPC\n");
  process.stdout.write('{"level":"info","msg":"a log line in JSON"}\n');
  process.stdout.write('{"jsonrpc":"2.0","id":\n');
  process.stdout.write(`starting with token ${process.env.TOKEN}\n`);
};
const reply = (id, result) => {
  stray();
  send({ jsonrpc: "2.0", id, result });
};

stray();
createInterface({ input: process.stdin }).on("line", (line) => {
  const { id, method, params } = JSON.parse(line);
  if (id === undefined) return; // a notification
  switch (method) {
    case "initialize":
      return reply(id, {
        protocolVersion: params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "stray-stdout", version: "1.0.0" },
      });
    case "ping":
      return reply(id, {});
    case "tools/list":
      return reply(id, {
        tools: [
          { name: "echo", inputSchema: { type: "object", properties: { message: { type: "string" } } } },
          { name: "malformed", inputSchema: { type: "object" } },
        ],
      });
    case "tools/call":
      if (params.name === "malformed") return reply(id, { content: "not a list of blocks" });
      return reply(id, { content: [{ type: "text", text: `echo: ${params.arguments.message}` }] });
    default:
      return send({ jsonrpc: "2.0", id, error: { code: -32601, message: `no method ${method}` } });
  }
});
