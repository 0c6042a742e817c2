// The packaged service as a real process: started from the jar on one database of the drills'
// cluster, waited for on /health, killed with SIGKILL (a crash) or stopped with SIGTERM, restarted
// on the same data directory and port. Its stdout and stderr go to a log file a drill can read
// (the secret canary greps it).
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { freePort, log, until } from "./process.mjs";

let instances = 0;
// One vault master key for the run, as a deployment on an external database sets it (without one
// such an instance has no vault); every instance of a drill shares it, as they share the database.
export const MASTER_KEY = `1:${randomBytes(32).toString("base64")}`;

export class Service {
  /**
   * @param pg the drills' Postgres; db the database name
   * @param env extra environment (ORCHESTRATE_*, ANTHROPIC_BASE_URL...), over the defaults below
   */
  static async start(pg, db, { env = {}, name, workDir } = {}) {
    const n = ++instances;
    const s = new Service();
    s.name = name ?? `service-${n}`;
    s.dir = `${workDir}/${s.name}`;
    mkdirSync(`${s.dir}/data`, { recursive: true });
    s.port = await freePort();
    s.url = `http://127.0.0.1:${s.port}`;
    s.logFile = `${s.dir}/service.log`;
    s.env = {
      ...process.env,
      ORCHESTRATE_PORT: String(s.port),
      ORCHESTRATE_DATA_DIR: `${s.dir}/data`,
      ORCHESTRATE_DATABASE_URL: pg.jdbcUrl(db),
      ORCHESTRATE_DATABASE_USERNAME: "postgres",
      ORCHESTRATE_AUTH_SIGNUPS_PER_ADDRESS: "100000",
      ORCHESTRATE_LOG_FORMAT: "",
      ORCHESTRATE_MASTER_KEY: MASTER_KEY,
      ...env,
    };
    await s.launch();
    return s;
  }

  async launch() {
    const fd = openSync(this.logFile, "a");
    this.child = spawn("java", ["-XX:+ExitOnOutOfMemoryError", "-jar", process.env.DRILLS_JAR], {
      env: this.env,
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    this.alive = true;
    this.exited.then(() => (this.alive = false));
    await until(`${this.name} to answer /health`, async () => {
      if (!this.alive) throw new Error(`${this.name} exited; its log ends:\n${this.logTail()}`);
      const r = await fetch(`${this.url}/health`).catch(() => null);
      return r?.ok;
    }, 180_000, 250);
    log(`${this.name} up at ${this.url} (pid ${this.child.pid})`);
  }

  get pid() {
    return this.child.pid;
  }

  /** SIGKILL: no shutdown hook runs, leases are left to expire, as in a crash or an OOM kill. */
  async kill() {
    if (!this.alive) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM and wait for a graceful exit. */
  async stop() {
    if (!this.alive) return;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 30_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Starts the same instance again (same data directory, port and settings). */
  restart() {
    return this.launch();
  }

  log() {
    return readFileSync(this.logFile, "utf8");
  }

  logTail(lines = 40) {
    return this.log().split("\n").slice(-lines).join("\n");
  }
}
