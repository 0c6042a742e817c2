// The drills runner (drills/run starts it): runs each selected drill on fresh processes, records its
// checks and figures, and writes the report. A drill passes when every check it made held and it
// did not throw; the run exits 1 if any drill failed, so CI (which runs --short) fails with it.
//
// A drill is a file NN-name.mjs in this folder whose default export is
//   { number, title, proves, short, soak?, async run(ctx) }
// `proves` is the paragraph RELIABILITY.md shows under its title; `short` is true when --short
// runs it (ctx.short then asks for its short version); `soak` marks the one --soak runs. run(ctx)
// records checks with ctx.check(name, ok, detail) and figures with ctx.figure(name, value, unit),
// starts what it needs with ctx.database(), ctx.service(db, {env}), ctx.model() or ctx.shared(),
// and may throw (the drill then fails with that error). Everything it started is stopped after it.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { Postgres } from "./lib/postgres.mjs";
import { Service } from "./lib/service.mjs";
import { ModelServer } from "./lib/model.mjs";
import { log } from "./lib/process.mjs";
import { writeReport } from "./lib/report.mjs";

const args = process.argv.slice(2);
const mode = args.includes("--soak") ? "soak" : args.includes("--short") ? "short" : "full";
const picked = args.filter((a) => /^\d+$/.test(a)).map(Number);
const here = new URL(".", import.meta.url).pathname;
const all = [];
for (const file of readdirSync(here).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort()) {
  all.push({ file, ...(await import(`${here}${file}`)).default });
}
const selected = all.filter((d) =>
  picked.length ? picked.includes(d.number) : mode === "soak" ? d.soak : mode === "short" ? d.short : !d.soak,
);
if (!selected.length) {
  console.error(`drills/run: no drill matches ${args.join(" ") || "(none)"}; there are ${all.map((d) => d.number).join(", ")}`);
  process.exit(2);
}

const started = Date.now();
const work = mkdtempSync("/tmp/orchestrate-drills.");
log(`mode ${mode}; drills ${selected.map((d) => d.number).join(", ")}; work in ${work}`);
const pg = await Postgres.create();
const results = [];
let shared = null;
try {
  for (const drill of selected) results.push(await runOne(drill));
} finally {
  if (shared) {
    const { service, model } = await shared;
    await service.stop().catch(() => service.kill());
    model.stop();
  }
  pg.destroy();
  if (!process.env.DRILLS_KEEP) rmSync(work, { recursive: true, force: true });
}
const failed = results.filter((r) => !r.passed);
writeReport({ mode, results, partial: picked.length > 0, wallSeconds: Math.round((Date.now() - started) / 1000) });
for (const r of results) log(`${r.passed ? "PASS" : "FAIL"} ${r.number}. ${r.title} (${r.seconds} s)`);
process.exit(failed.length ? 1 : 0);

async function runOne(drill) {
  const dir = `${work}/drill-${drill.number}`;
  mkdirSync(dir);
  const services = [];
  const models = [];
  const checks = [];
  const figures = [];
  const t0 = Date.now();
  const ctx = {
    mode,
    short: mode === "short",
    pg,
    dir,
    log: (...a) => log(`[${drill.number}]`, ...a),
    /** A fresh database of the cluster. */
    database: () => pg.createDatabase(`drill${drill.number}`),
    /** Starts a service instance (stopped when the drill ends). */
    service: async (db, opts = {}) => {
      const s = await Service.start(pg, db, { ...opts, workDir: dir });
      services.push(s);
      return s;
    },
    /**
     * The run's shared service (default settings, its own database, a fault-free model server),
     * started by the first drill that asks: for drills that neither stop it nor need other
     * settings, so the short suite pays one start-up instead of one per drill. Use your own
     * workspaces on it; answers {service, model, db}.
     */
    shared: () =>
      (shared ??= (async () => {
        const model = await ModelServer.start(work);
        const db = pg.createDatabase("shared");
        const service = await Service.start(pg, db, { env: model.env, name: "shared", workDir: work });
        return { service, model, db };
      })()),
    /** Starts a loopback model server (stopped when the drill ends). */
    model: async () => {
      const m = await ModelServer.start(dir);
      models.push(m);
      return m;
    },
    /** Records a check; a false one fails the drill (it goes on, so every failure is reported). */
    check: (name, ok, detail = "") => {
      checks.push({ name, ok: Boolean(ok), detail: String(detail) });
      if (!ok) log(`[${drill.number}] CHECK FAILED: ${name}${detail ? `: ${detail}` : ""}`);
      return Boolean(ok);
    },
    figure: (name, value, unit = "") => figures.push({ name, value, unit }),
  };
  log(`== drill ${drill.number}: ${drill.title}`);
  let error = null;
  try {
    await drill.run(ctx);
  } catch (e) {
    error = e.stack ?? String(e);
    log(`[${drill.number}] ERROR ${error}`);
  } finally {
    await Promise.all(services.map((s) => s.stop().catch(() => s.kill())));
    models.forEach((m) => m.stop());
  }
  const passed = !error && checks.length > 0 && checks.every((c) => c.ok);
  if (!error && !checks.length) log(`[${drill.number}] made no checks: a drill that checks nothing fails`);
  return { number: drill.number, title: drill.title, proves: drill.proves, passed, error, checks, figures, seconds: Math.round((Date.now() - t0) / 1000) };
}
