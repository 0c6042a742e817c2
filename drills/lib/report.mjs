// Writes the drills' report. A full run rewrites RELIABILITY.md at the repository root (keeping the
// soak's section, which only `drills/run --soak` rewrites); --soak rewrites that section alone;
// --short and runs of picked drills write drills/target/RELIABILITY.<mode>.md.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

const root = new URL("../..", import.meta.url).pathname;
const SOAK_BEGIN = "<!-- soak:begin -->";
const SOAK_END = "<!-- soak:end -->";

export function writeReport({ mode, results, partial, wallSeconds }) {
  const body = results.map(section).join("\n");
  if (mode === "soak" && !partial) {
    const file = `${root}RELIABILITY.md`;
    const old = existsSync(file) ? readFileSync(file, "utf8") : header("full", [], 0) + `${SOAK_BEGIN}\n${SOAK_END}\n`;
    const soak = `${SOAK_BEGIN}\n${machine("soak", wallSeconds)}\n${body}${SOAK_END}`;
    writeFileSync(file, old.replace(new RegExp(`${SOAK_BEGIN}[\\s\\S]*${SOAK_END}`), soak));
    return;
  }
  const doc = `${header(mode, results, wallSeconds)}${body}\n${soakSection()}\n${openDefects()}`;
  if (mode === "full" && !partial) writeFileSync(`${root}RELIABILITY.md`, doc);
  else {
    const out = process.env.DRILLS_OUT ?? `${root}drills/target`;
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}/RELIABILITY.${partial ? "partial" : mode}.md`, doc);
  }
}

function header(mode, results, wallSeconds) {
  const rows = results.map((r) => `| ${r.number} | ${r.title} | ${r.passed ? "✅ passed" : "❌ failed"} | ${r.seconds} s |`).join("\n");
  return `# Reliability and security drills

Written by \`drills/run\` (issue 16); do not edit by hand, run it again. Each drill treats the packaged
service as its users and attackers would, on real processes: the service jar (one or three
instances), a throwaway PostgreSQL cluster the drill may stop and start, the loopback model server
(\`drills/model-server.mjs\`) with faults switched on, MCP servers as child processes, and hostile
clients. Every drill starts its own service processes on a fresh database.

\`\`\`
drills/run            # the full suite (drills 1-11); rewrites this file except the soak's section
drills/run --short    # CI (the drills Maven module, in mvn verify): drills 6-9 and 11, short 1 and 10
drills/run --soak     # drill 12 alone, an hour; rewrites the soak's section
drills/run 3 5        # only those drills; writes drills/target/RELIABILITY.partial.md
\`\`\`

${machine(mode, wallSeconds)}

| # | drill | result | time |
|---|---|---|---|
${rows}

`;
}

function machine(mode, wallSeconds) {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch {
      return "unknown";
    }
  };
  const java = sh("sh", ["-c", "java -version 2>&1 | head -1"]);
  const pg = sh("psql", ["--version"]);
  return `| | |
|---|---|
| run | \`drills/run${mode === "full" ? "" : ` --${mode}`}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${wallSeconds} s |
| commit | \`${process.env.DRILLS_COMMIT ?? "unknown"}\` |
| machine | ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} |
| JDK, PostgreSQL, Node.js | ${java}; ${pg}; ${process.version} |`;
}

function section(r) {
  const figures = r.figures.length
    ? `| figure | value |\n|---|---|\n${r.figures.map((f) => `| ${f.name} | ${fmt(f.value)}${f.unit ? ` ${f.unit}` : ""} |`).join("\n")}\n\n`
    : "";
  const checks = r.checks.map((c) => `- ${c.ok ? "✅" : "❌"} ${c.name}${c.detail ? `: ${c.detail}` : ""}`).join("\n");
  const error = r.error ? `\n\nThe drill stopped with an error:\n\n\`\`\`\n${r.error.slice(0, 2000)}\n\`\`\`\n` : "";
  return `## ${r.number}. ${r.title} (${r.passed ? "passed" : "FAILED"}, ${r.seconds} s)

${r.proves}

${figures}${checks}${error}
`;
}

const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(2) : String(v));

function soakSection() {
  const file = `${root}RELIABILITY.md`;
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  const m = old.match(new RegExp(`${SOAK_BEGIN}[\\s\\S]*${SOAK_END}`));
  return m ? m[0] : `${SOAK_BEGIN}\n## 12. Soak\n\nNot run yet: \`drills/run --soak\`.\n${SOAK_END}`;
}

function openDefects() {
  const file = `${root}drills/OPEN.md`;
  return `\n## Open defects\n\n${existsSync(file) ? readFileSync(file, "utf8").trim() : "None known."}\n`;
}
