import { describe, expect, it } from "vitest";
import type { McpConnection } from "./api";
import { draftOf, inputOf, secretRefs } from "./connectionDraft";

const connection: McpConnection = {
  id: "c1",
  name: "echo",
  transport: "stdio",
  command: "npx",
  args: ["-y", "server-everything"],
  url: null,
  env: { TOKEN: "secret:echo_token", MODE: "fast" },
  headers: null,
  preset: null,
  status: "idle",
  last_error: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe("connection drafts", () => {
  it("round-trips a stdio connection, secret references and literals apart", () => {
    const draft = draftOf(connection);
    expect(draft.env).toEqual([
      { key: "TOKEN", secret: "echo_token", literal: "" },
      { key: "MODE", secret: "", literal: "fast" },
    ]);
    expect(inputOf(draft)).toEqual({
      name: "echo",
      transport: "stdio",
      command: "npx",
      args: ["-y", "server-everything"],
      env: { TOKEN: "secret:echo_token", MODE: "fast" },
    });
  });

  it("sends an HTTP connection's URL and headers only, dropping rows without a name", () => {
    const draft = { ...draftOf(undefined), name: " web ", transport: "http" as const, url: "https://x/mcp" };
    draft.headers = [
      { key: "Authorization", secret: "web_token", literal: "" },
      { key: " ", secret: "", literal: "ignored" },
    ];
    expect(inputOf(draft)).toEqual({
      name: "web",
      transport: "http",
      url: "https://x/mcp",
      headers: { Authorization: "secret:web_token" },
    });
  });

  it("finds every secret a connection uses, once", () => {
    expect(
      secretRefs({ url: "secret:url", env: { A: "secret-file:key", B: "secret:url" }, headers: { H: "plain" } }),
    ).toEqual(["url", "key"]);
  });
});
