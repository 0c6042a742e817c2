// One throwaway PostgreSQL cluster for a whole drills run, made with the system's initdb in a temp
// directory: every drill gets a fresh database of it, and the database-outage drill stops and starts
// it. PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import { freePort } from "./process.mjs";

const PGBIN = process.env.DRILLS_PGBIN;

export class Postgres {
  static async create() {
    const dir = mkdtempSync("/tmp/orchestrate-drills-pg.");
    const pg = new Postgres(dir, await freePort());
    const asRoot = userInfo().uid === 0;
    for (const sub of ["data", "sock"]) mkdirSync(`${dir}/${sub}`);
    if (asRoot) {
      chmodSync(dir, 0o755);
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      for (const sub of ["data", "sock"]) chownSync(`${dir}/${sub}`, uid, gid);
    }
    pg.as = asRoot ? ["runuser", "-u", "postgres", "--"] : [];
    pg.run(`${PGBIN}/initdb`, ["-D", `${dir}/data`, "-U", "postgres", "-A", "trust"]);
    pg.start();
    return pg;
  }

  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.databases = 0;
  }

  run(program, args) {
    const [cmd, ...pre] = this.as.length ? this.as : [program];
    return execFileSync(cmd, this.as.length ? [...pre, program, ...args] : args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  start() {
    this.run(`${PGBIN}/pg_ctl`, [
      "-D", `${this.dir}/data`, "-l", `${this.dir}/sock/pg.log`, "-w", "-o",
      `-p ${this.port} -k ${this.dir}/sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB`,
      "start",
    ]);
  }

  /** Stops the cluster at once (fast shutdown: open connections are cut, as in an outage). */
  stop() {
    this.run(`${PGBIN}/pg_ctl`, ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  /** A fresh database for one drill; answers its JDBC URL. */
  createDatabase(prefix = "drill") {
    const name = `${prefix}_${++this.databases}`;
    this.psql("postgres", `CREATE DATABASE ${name}`);
    return name;
  }

  jdbcUrl(db) {
    return `jdbc:postgresql://127.0.0.1:${this.port}/${db}`;
  }

  /** Runs SQL as the superuser (the drills' view of the database, never the service's); answers rows of columns. */
  psql(db, sql) {
    const text = execFileSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", "-d", db, "-f", "-"], {
      encoding: "utf8",
      input: sql,
      maxBuffer: 1 << 30,
      env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" },
    }).trim();
    return text ? text.split("\n").map((line) => line.split("|")) : [];
  }

  destroy() {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
