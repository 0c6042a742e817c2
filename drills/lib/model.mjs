// Starts drills/model-server.mjs as a child process and talks to its /drill endpoints.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { until } from "./process.mjs";

export class ModelServer {
  static async start(workDir) {
    const m = new ModelServer();
    const portFile = `${workDir}/model-${Date.now()}.port`;
    m.child = spawn("node", [new URL("../model-server.mjs", import.meta.url).pathname, portFile], { stdio: ["ignore", "inherit", "inherit"] });
    const port = await until("the model server to listen", () => existsSync(portFile) && readFileSync(portFile, "utf8"), 10_000, 50);
    m.url = `http://127.0.0.1:${port}`;
    return m;
  }

  /** The environment that points a service at this server. */
  get env() {
    return { ANTHROPIC_BASE_URL: this.url, ANTHROPIC_API_KEY: "drill-loopback-key" };
  }

  async served() {
    return (await fetch(`${this.url}/drill/served`)).json();
  }

  async faults(f) {
    return (await fetch(`${this.url}/drill/faults`, { method: "POST", body: JSON.stringify(f) })).json();
  }

  async reset() {
    return (await fetch(`${this.url}/drill/reset`, { method: "POST" })).json();
  }

  stop() {
    this.child.kill();
  }
}
