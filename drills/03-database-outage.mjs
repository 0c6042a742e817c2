// Drill 3: PostgreSQL goes away for 20 seconds in the middle of a steady load and comes back. The
// service must say it is unhealthy, refuse new work with 503 + Retry-After (never a 500, never an
// accepted start that is then lost), finish every execution afterwards, and its live clients must
// get every event of the executions they watch once they reconnect from where they were.
import WebSocket from "ws";
import { Api, TERMINAL } from "./lib/api.mjs";
import { log, sleep, until } from "./lib/process.mjs";

const OUTAGE_MS = 20_000;
const RATE_PER_SECOND = 2;
const LOAD_BEFORE_MS = 8_000;
const LOAD_AFTER_MS = 8_000;
const WATCHED = 4; // executions watched by one WebSocket and one SSE client each

export default {
  number: 3,
  title: "Database outage",
  proves: `PostgreSQL is stopped (fast shutdown: every connection cut) for ${OUTAGE_MS / 1000} s while
executions start at a steady ${RATE_PER_SECOND} a second (each a validation and three model calls
of about a second). Meanwhile \`/health\` answers 503 (within the pool's 10 s connection timeout), and every start and every other write
answers 503 problem+json with \`Retry-After\` (any 500, any other status, or a missing header fails
the check). Every start answered 2xx before, during or after the outage must complete once the
database is back (none lost, none stuck, none failed by the outage: a step caught mid-write is
taken up again), and new work is accepted again. ${WATCHED} executions
started before the outage and held at a human gate across it (approved once the database is back)
are watched by a WebSocket and an SSE client each; halfway through the outage every client drops
its connection and reconnects every half second (any refusal meanwhile must be a 503) with
\`after=<last seq>\` or \`Last-Event-ID\` until let in; each must end up with seqs 1..n without gap or duplicate, n being the
execution's last event in the database. Control: the same checks before the outage (health 200,
starts 2xx).`,
  short: false,
  async run(ctx) {
    const model = await ctx.model();
    await model.faults({ firstTokenMs: 1000 });
    const db = ctx.database();
    // Credits enough for every execution (a signup's default 10,000 runs out before the load does).
    const service = await ctx.service(db, { env: { ...model.env, ORCHESTRATE_SIGNUP_CREDITS: "100000000" }, name: "outage" });
    const api = await new Api(service.url).signUp("outage");
    const graph = {
      entry_point: "v",
      nodes: [
        { id: "v", type: "validation", label: "V" },
        { id: "a", type: "agent_call", label: "A", agent_slug: "optimist", prompt: "one" },
        { id: "b", type: "agent_call", label: "B", agent_slug: "critic", prompt: "two" },
        { id: "c", type: "agent_call", label: "C", agent_slug: "realist", prompt: "three" },
      ],
      edges: [
        { from: "v", to: "a" },
        { from: "a", to: "b" },
        { from: "b", to: "c" },
      ],
    };
    const pipeline = await api.pipeline(api.workspace, graph);
    const gated = await api.pipeline(api.workspace, {
      entry_point: "v",
      nodes: [
        { id: "v", type: "validation", label: "V" },
        { id: "a", type: "agent_call", label: "A", agent_slug: "optimist", prompt: "before" },
        { id: "gate", type: "human_gate", label: "Gate", message: "across the outage" },
        { id: "b", type: "agent_call", label: "B", agent_slug: "critic", prompt: "after" },
      ],
      edges: [
        { from: "v", to: "a" },
        { from: "a", to: "gate" },
        { from: "gate", to: "b" },
      ],
    });
    const control = await api.awaitEnd(await api.start(pipeline, { n: 0 }), 60_000);
    ctx.check("control: an execution completes before the outage", control.status === "completed", control.status);
    const health0 = await fetch(`${service.url}/health`);
    ctx.check("control: /health answers 200 before the outage", health0.status === 200, health0.status);

    // Steady load: one start every 1/RATE s, tagged with the phase it was sent in.
    let phase = "before";
    const starts = [];
    let loading = true;
    const loader = (async () => {
      for (let i = 1; loading; i++) {
        const sentIn = phase;
        const t0 = performance.now();
        starts.push(
          api.post("/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { n: i } }).then(
            (r) => ({ sentIn, answeredIn: phase, status: r.status, retryAfter: r.headers.get("retry-after"), type: r.headers.get("content-type"), id: r.json?.execution_id, ms: performance.now() - t0, body: r.body.slice(0, 300) }),
            (e) => ({ sentIn, answeredIn: phase, status: 0, error: String(e) }),
          ),
        );
        await sleep(1000 / RATE_PER_SECOND);
      }
    })();

    await sleep(LOAD_BEFORE_MS);
    // The watched executions: started before the outage and held at a gate across it, so that
    // their live streams must carry on after it (the gate is approved once the database is back).
    const watched = [];
    for (let i = 0; i < WATCHED; i++) watched.push(await api.start(gated, { watched: i }));
    await until("the watched executions to wait at their gate", async () =>
      (await Promise.all(watched.map((id) => api.execution(id)))).every((e) => e.status === "awaiting_approval"), 60_000, 250);
    const clients = watched.flatMap((id) => [watchSocket(service.url, api.token, id), watchSse(service.url, api.token, id)]);
    await until("the watched clients to see a first event", () => clients.every((c) => c.seqs.length > 0), 30_000);

    // The outage: /health probed every second and an agent written every second meanwhile, each
    // with its own loop so that a slow answer does not thin the other's samples.
    phase = "during";
    ctx.log("stopping PostgreSQL");
    ctx.pg.stop();
    const outageStart = Date.now();
    const health = [];
    const writes = [];
    const during = () => Date.now() - outageStart < OUTAGE_MS;
    const probe = async (fn) => {
      while (during()) {
        const t0 = Date.now();
        await fn();
        await sleep(Math.max(0, 1000 - (Date.now() - t0)));
      }
    };
    try {
      await Promise.all([
        (async () => {
          // Halfway through, every live client loses its connection and keeps reconnecting
          // (refused while the database is down) until the service lets it in again.
          await sleep(OUTAGE_MS / 2);
          clients.forEach((c) => c.drop());
        })(),
        probe(async () => {
          const h = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(15_000) }).catch(() => ({ status: 0 }));
          health.push(h.status);
        }),
        probe(async () => {
          const w = await api.post(`/api/workspaces/${api.workspace}/agents`, {
            slug: `outage_${Date.now()}`, name: "outage", model_provider: "simulated",
          }).catch((e) => ({ status: 0, headers: new Headers(), body: String(e) }));
          if (during()) writes.push({ status: w.status, retryAfter: w.headers.get("retry-after"), type: w.headers.get("content-type"), body: w.body.slice(0, 300) });
        }),
      ]);
    } finally {
      ctx.log("starting PostgreSQL");
      ctx.pg.start();
    }
    phase = "after";
    const back = Date.now();
    const healthy = await until("/health to answer 200 again", async () => (await fetch(`${service.url}/health`)).status === 200, 120_000, 250).then(() => true, () => false);
    ctx.figure("/health 200 again after the database came back", ((Date.now() - back) / 1000).toFixed(1), "s");
    ctx.check("/health answers 200 again once the database is back", healthy);
    for (const id of watched) {
      const r = await api.post(`/orchestrate/executions/${id}/approve`, { node_id: "gate" });
      ctx.check(`the watched execution ${id.slice(0, 8)} is approved after the outage`, r.status < 300, `${r.status}${r.status < 300 ? "" : ` ${r.body.slice(0, 200)}`}`);
    }
    await sleep(LOAD_AFTER_MS);
    loading = false;
    await loader;
    const answered = await Promise.all(starts);

    const unhealthy = health.filter((s) => s !== 200).length;
    ctx.figure("/health probes during the outage", `${health.length} (${unhealthy} non-200: ${summary(health)})`);
    ctx.check("/health answers 503 throughout the outage", health.length > 0 && health.every((s) => s === 503), summary(health));

    const refusals = [...answered.filter((a) => a.sentIn === "during" && a.answeredIn === "during"), ...writes];
    const bad = refusals.filter((a) => a.status < 300 ? false : !(a.status === 503 && a.retryAfter && /problem\+json/.test(a.type ?? "")));
    ctx.figure("starts sent during the outage", summary(answered.filter((a) => a.sentIn === "during").map((a) => a.status)));
    ctx.figure("agent writes during the outage", summary(writes.map((w) => w.status)));
    ctx.check("every start and write refused during the outage is a 503 problem+json with Retry-After", refusals.length > 0 && bad.length === 0,
      bad.slice(0, 3).map((b) => `${b.status} retry-after=${b.retryAfter} ${b.type} ${b.body ?? b.error}`).join(" | "));
    ctx.check("starts during the outage were refused (not all accepted)", answered.some((a) => a.sentIn === "during" && a.status === 503), summary(answered.filter((a) => a.sentIn === "during").map((a) => a.status)));
    const beforeStarts = answered.filter((a) => a.sentIn === "before" && a.answeredIn === "before");
    ctx.check("control: every start before the outage was accepted", beforeStarts.length > 0 && beforeStarts.every((a) => a.status === 202 || a.status === 201 || a.status === 200), summary(beforeStarts.map((a) => a.status)));
    const afterStarts = answered.filter((a) => a.sentIn === "after" && a.answeredIn === "after");
    ctx.check("starts after the database is back are accepted", afterStarts.length > 0 && afterStarts.every((a) => a.status < 300), summary(afterStarts.map((a) => a.status)));

    // Every accepted execution reaches an end.
    const accepted = [...answered.filter((a) => a.status < 300 && a.id).map((a) => a.id), ...watched];
    const finals = await Promise.all(accepted.map((id) => api.awaitEnd(id, 180_000).catch(() => ({ status: "stuck" }))));
    const ends = finals.map((e) => e.status);
    ctx.figure("executions accepted", accepted.length);
    ctx.figure("their ends", summary(ends));
    const failures = finals.filter((e) => e.status === "failed");
    ctx.figure("errors of the failed ones", summary(failures.map((e) => `${e.error?.code}: ${e.error?.message?.slice(0, 80)}`)) || "none");
    ctx.figure("failed ones started before / during / after the outage", ["before", "during", "after"].map((p) => failures.filter((e) => answered.find((a) => a.id === e.id)?.sentIn === p).length).join(" / "));
    ctx.check("every accepted execution reaches an end after the outage", ends.every((s) => TERMINAL.includes(s)), summary(ends));
    // Not merely an end: an execution the outage caught mid-step is taken up again, not failed.
    ctx.check("every accepted execution completes (none failed by the outage)", ends.every((s) => s === "completed"), summary(ends));

    // Live clients: every watched stream reaches execution_complete and has seqs 1..n.
    await until("the live clients to see execution_complete", () => clients.every((c) => c.done), 120_000).catch(() => null);
    for (const c of clients) c.close();
    for (const c of clients) {
      const last = Number(ctx.pg.psql(db, `SELECT coalesce(max(seq), 0) FROM execution_events WHERE execution_id = '${c.id}'`)[0]?.[0] ?? 0);
      const ok = c.done && c.seqs.length === last && c.seqs.every((s, i) => s === i + 1);
      ctx.check(`${c.kind} client of ${c.id.slice(0, 8)} got seqs 1..${last} without gap or duplicate`, ok,
        `done=${c.done}, ${c.seqs.length} events, reconnects ${c.reconnects}, seqs ${compact(c.seqs)}`);
    }
    ctx.figure("live client reconnects", clients.map((c) => `${c.kind} ${c.reconnects}`).join(", "));
    const liveRefusals = clients.flatMap((c) => c.refusals);
    ctx.figure("reconnections refused meanwhile", summary(liveRefusals) || "none");
    ctx.check("every live client reconnected at least once (the drop was real)", clients.every((c) => c.reconnects >= 1), clients.map((c) => c.reconnects).join(","));
    ctx.check("reconnections refused during the outage are 503, never another error", liveRefusals.every((s) => s === 503), summary(liveRefusals));

    // The cluster is left running and usable for later drills.
    const after = await api.awaitEnd(await api.start(pipeline, { n: "after" }), 60_000);
    ctx.check("a new execution completes after the outage", after.status === "completed", after.status);
  },
};

const summary = (xs) => Object.entries(xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {})).map(([k, v]) => `${k}×${v}`).join(", ");
const compact = (seqs) => (seqs.length > 12 ? `${seqs.slice(0, 5).join(",")}…${seqs.slice(-5).join(",")}` : seqs.join(","));

/** A WebSocket client that reconnects with after=<last seq> until it has seen execution_complete. */
function watchSocket(url, token, id) {
  const c = { kind: "WebSocket", id, seqs: [], done: false, reconnects: -1, closed: false, refusals: [] };
  const connect = () => {
    if (c.done || c.closed) return;
    c.reconnects++;
    const last = c.seqs.at(-1) ?? 0;
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ws/execution/${id}?token=${encodeURIComponent(token)}&after=${last}`);
    c.ws = ws;
    ws.on("message", (data) => {
      const e = JSON.parse(String(data));
      if (typeof e.seq !== "number") return;
      c.seqs.push(e.seq);
      if (e.type === "execution_complete") {
        c.done = true;
        ws.close();
      }
    });
    ws.on("unexpected-response", (_req, res) => {
      c.refusals.push(res.statusCode);
      res.resume();
      ws.terminate();
    });
    ws.on("error", () => {});
    ws.on("close", () => setTimeout(connect, 500));
  };
  c.close = () => {
    c.closed = true;
    c.ws?.terminate();
  };
  c.drop = () => c.ws?.terminate(); // the client's network blips: it reconnects
  connect();
  return c;
}

/** An SSE client that reconnects with Last-Event-ID until it has seen execution_complete. */
function watchSse(url, token, id) {
  const c = { kind: "SSE", id, seqs: [], done: false, reconnects: -1, closed: false, refusals: [] };
  (async () => {
    while (!c.done && !c.closed) {
      c.reconnects++;
      c.controller = new AbortController();
      const last = c.seqs.at(-1);
      try {
        const res = await fetch(`${url}/orchestrate/executions/${id}/events`, {
          signal: c.controller.signal,
          headers: { accept: "text/event-stream", authorization: `Bearer ${token}`, ...(last ? { "last-event-id": String(last) } : {}) },
        });
        if (res.status === 200) {
          let buffer = "";
          for await (const chunk of res.body) {
            buffer += Buffer.from(chunk).toString("utf8");
            let cut;
            while ((cut = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, "")).join("");
              if (!data) continue;
              const e = JSON.parse(data);
              if (typeof e.seq !== "number") continue;
              c.seqs.push(e.seq);
              if (e.type === "execution_complete") c.done = true;
            }
            if (c.done) break;
          }
        } else {
          c.refusals.push(res.status);
          await res.text();
        }
      } catch {
        // cut by the server or by close(): reconnect below unless done
      }
      if (c.done || c.closed) break;
      await sleep(500);
    }
    c.controller?.abort();
  })().catch((e) => log(`SSE watcher of ${id}: ${e}`));
  c.close = () => {
    c.closed = true;
    c.controller?.abort();
  };
  c.drop = () => c.controller?.abort();
  return c;
}
