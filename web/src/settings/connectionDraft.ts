// An MCP connection as the form edits it, and back to the contract's body.
import type { McpConnection, McpConnectionInput } from "./api";

/** One env variable or header: its value a `secret:NAME` reference or a literal. */
export interface Pair {
  key: string;
  /** A secret's name, or "" for a literal value. */
  secret: string;
  literal: string;
}

export interface Draft {
  name: string;
  transport: "stdio" | "http";
  command: string;
  /** One argument a line: arguments may hold spaces. */
  args: string;
  url: string;
  env: Pair[];
  headers: Pair[];
}

const SECRET = /^secret(?:-file)?:(.+)$/;

/** The secrets a connection refers to, from its URL, env and headers, each once. */
export function secretRefs(c: Pick<McpConnection, "url" | "env" | "headers">): string[] {
  const values = [c.url ?? "", ...Object.values(c.env ?? {}), ...Object.values(c.headers ?? {})];
  const names = values.map((v) => SECRET.exec(v)?.[1]).filter((n): n is string => !!n);
  return [...new Set(names)];
}

const toPairs = (map: Record<string, string> | null | undefined): Pair[] =>
  Object.entries(map ?? {}).map(([key, value]) => {
    const m = /^secret:(.+)$/.exec(value);
    return m ? { key, secret: m[1]!, literal: "" } : { key, secret: "", literal: value };
  });

export function draftOf(c: McpConnection | undefined): Draft {
  if (!c) return { name: "", transport: "stdio", command: "", args: "", url: "", env: [], headers: [] };
  return {
    name: c.name,
    transport: c.transport,
    command: c.command ?? "",
    args: (c.args ?? []).join("\n"),
    url: c.url ?? "",
    env: toPairs(c.env),
    headers: toPairs(c.headers),
  };
}

const fromPairs = (pairs: Pair[]): Record<string, string> =>
  Object.fromEntries(
    pairs
      .filter((p) => p.key.trim())
      .map((p) => [p.key.trim(), p.secret ? `secret:${p.secret}` : p.literal]),
  );

export function inputOf(d: Draft): McpConnectionInput {
  const name = d.name.trim();
  if (d.transport === "http") {
    return { name, transport: "http", url: d.url.trim(), headers: fromPairs(d.headers) };
  }
  return {
    name,
    transport: "stdio",
    command: d.command.trim(),
    args: d.args
      .split("\n")
      .map((a) => a.trim())
      .filter(Boolean),
    env: fromPairs(d.env),
  };
}
