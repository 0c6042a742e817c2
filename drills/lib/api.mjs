// A client of the service's public HTTP API, as its users' programs would be. Every call answers
// {status, headers, body, json} and never throws on an HTTP status: drills assert on statuses.
import { until } from "./process.mjs";

export const TERMINAL = ["completed", "failed", "cancelled", "rejected"];
let users = 0;

export class Api {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  as(token) {
    return new Api(this.baseUrl, token);
  }

  on(baseUrl) {
    return new Api(baseUrl, this.token);
  }

  async call(method, path, body, { headers = {}, raw = false, signal } = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      signal,
      headers: {
        ...(body !== undefined && !raw ? { "content-type": "application/json" } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the drill looks at body
    }
    return { status: res.status, headers: res.headers, body: text, json };
  }

  get = (path, o) => this.call("GET", path, undefined, o);
  post = (path, body, o) => this.call("POST", path, body, o);
  put = (path, body, o) => this.call("PUT", path, body, o);
  patch = (path, body, o) => this.call("PATCH", path, body, o);
  delete = (path, o) => this.call("DELETE", path, undefined, o);

  /** Like call, but throws unless the status is 2xx; answers the JSON. */
  async ok(method, path, body) {
    const r = await this.call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 400)}`);
    return r.json;
  }

  /** Signs up a new user; answers an Api acting as them, with .user, .workspace (their personal one). */
  async signUp(label = "drill") {
    const email = `${label}-${process.pid}-${++users}-${Date.now()}@drills.example`;
    const r = await this.as(null).ok("POST", "/api/auth/signup", { email, password: "drill-password-0123456789", name: label });
    const api = this.as(r.access_token);
    api.email = email;
    api.user = r.user;
    api.workspace = r.workspace.id;
    return api;
  }

  async pipeline(workspace, graph, slug = `drill_${Date.now()}_${Math.floor(Math.random() * 1e9)}`) {
    const r = await this.ok("POST", `/api/workspaces/${workspace}/pipelines`, { slug, name: slug, graph_definition: graph });
    return r.id;
  }

  async start(pipelineId, input = {}) {
    const r = await this.ok("POST", "/orchestrate/pipeline/start", { pipeline_id: pipelineId, input });
    return r.execution_id;
  }

  execution(id) {
    return this.ok("GET", `/orchestrate/executions/${id}`);
  }

  /** Waits for an execution to end, whatever its end; answers its final view. */
  awaitEnd(id, timeoutMs = 300_000) {
    return until(`execution ${id} to end`, async () => {
      const e = await this.execution(id);
      return TERMINAL.includes(e.status) ? e : null;
    }, timeoutMs, 200);
  }
}
