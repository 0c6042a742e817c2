// Workload 6, live: runs of a human gate then 40 no-op nodes (a step_start and a step_complete each)
// over ten workspaces, with WebSocket subscribers spread evenly over them. The runs park at their
// gate, every socket connects, and only then are the gates approved: the engine runs a step in about
// a millisecond, so a run started under subscribers still connecting would be over before most of
// them were open. For every frame that carries an event committed after its socket was open
// (so delivered live, not replayed from history), commit → frame = the frame's arrival minus the
// event row's commit time: pg_xact_commit_timestamp when the server tracks commit timestamps (the
// throwaway cluster does), else the row's created_at (its transaction's start, so a little more).
// The event rate is the runs' events over the time between the first and last commit: the engine
// sets it, and the report says what it reached.
import WebSocket from "ws";
import { size, REPS, URL, log, nowMs, pct, statsOf, psql, rows, uuids, call, pool, linear, workspaces, pipeline, awaitAll, startAll, sleep } from "./lib.mjs";

export const SUBSCRIBERS = size("SUBSCRIBERS", 100, 1000);
export const LIVE_RUNS = size("LIVE_RUNS", 25, 100);
const NODES = 40;

const gated = () => {
  const chain = linear(NODES);
  return {
    ...chain,
    entry_point: "gate",
    nodes: [{ id: "gate", type: "human_gate", label: "Gate", message: "Go on?" }, ...chain.nodes],
    edges: [{ from: "gate", to: chain.entry_point }, ...chain.edges],
  };
};

function subscribe(user, id) {
  const socket = { openAt: null, frames: [], done: null };
  socket.open = new Promise((opened) => (socket.opened = opened));
  socket.replayed = new Promise((replayed) => (socket.caughtUp = replayed));
  socket.done = new Promise((resolve, reject) => {
    const ws = new WebSocket(`${URL.replace(/^http/, "ws")}/ws/execution/${id}?token=${user.token}`);
    ws.on("open", () => {
      socket.openAt = nowMs();
      socket.opened();
    });
    ws.on("message", (data) => {
      const arrival = nowMs();
      const event = JSON.parse(data.toString());
      socket.frames.push([event.seq, arrival]);
      if (event.type === "approval_required") socket.caughtUp();
      if (event.type === "execution_complete") ws.close();
    });
    ws.on("close", (code) => (code === 1000 || code === 1005 ? resolve() : reject(new Error(`socket for ${id} closed ${code}`))));
    ws.on("error", reject);
  });
  socket.done.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  socket.id = id;
  return socket;
}

export async function live() {
  const tracked = psql("SHOW track_commit_timestamp") === "on";
  const targets = [];
  for (const user of await workspaces(10)) targets.push({ user, pipeline: await pipeline(user, gated()) });
  const reps = [];
  for (let r = 0; r < REPS; r++) reps.push(await once(targets, tracked));
  return { ...statsOf(reps), tracked };
}

async function once(targets, tracked) {
  const sockets = [];
  const perRun = Math.ceil(SUBSCRIBERS / LIVE_RUNS);
  const ids = await startAll(targets, Array.from({ length: LIVE_RUNS }, (_, i) => ({ x: i })));
  await awaitAll(ids, ["awaiting_approval"]);
  const owner = (i) => targets[i % targets.length].user;
  ids.forEach((id, i) => {
    for (let k = 0; k < perRun && sockets.length < SUBSCRIBERS; k++) sockets.push(subscribe(owner(i), id));
  });
  // Open is not enough: a socket is subscribed once its replay (up to the gate's
  // approval_required) has arrived; approving before would time replays under load as live frames.
  await Promise.race([
    Promise.all(sockets.map((s) => s.open.then(() => s.replayed))),
    sleep(60_000).then(() => Promise.reject(new Error("sockets not open and replayed"))),
  ]);
  const approvedAt = nowMs();
  await pool(ids.map((id, i) => [id, i]), 16, ([id, i]) =>
    call("POST", `/orchestrate/executions/${id}/approve`, owner(i).token, { node_id: "gate" }),
  );
  await awaitAll(ids);
  await Promise.race([Promise.all(sockets.map((s) => s.done)), sleep(60_000).then(() => Promise.reject(new Error("sockets still open")))]);
  const committed = new Map();
  const time = tracked ? "pg_xact_commit_timestamp(xmin)" : "created_at";
  for (const [id, seq, ms] of rows(
    `SELECT execution_id, seq, extract(epoch FROM ${time}) * 1000 FROM execution_events WHERE execution_id = ANY(${uuids(ids)})`,
  )) {
    committed.set(`${id}/${seq}`, Number(ms));
  }
  const latency = [];
  for (const s of sockets) {
    for (const [seq, arrival] of s.frames) {
      const at = committed.get(`${s.id}/${seq}`);
      if (at > s.openAt) latency.push(arrival - at);
    }
  }
  if (latency.length === 0) throw new Error("no frame carried an event committed after its socket opened");
  // The rate over what ran under the subscribers: from the first approval on.
  const commits = [...committed.values()].filter((at) => at >= approvedAt);
  const window = (Math.max(...commits) - Math.min(...commits)) / 1000;
  const frames = sockets.reduce((n, s) => n + s.frames.length, 0);
  const one = {
    p50: pct(latency, 50),
    p99: pct(latency, 99),
    max: Math.max(...latency),
    eventsPerSecond: commits.length / window,
    framesPerSecond: frames / window,
    liveShare: latency.length / frames,
  };
  log(
    `${sockets.length} subscribers on ${LIVE_RUNS} runs: commit -> frame p50 ${one.p50.toFixed(1)} ms, p99 ${one.p99.toFixed(1)} ms ` +
      `(max ${one.max.toFixed(0)}) at ${one.eventsPerSecond.toFixed(0)} events/s committed, ${one.framesPerSecond.toFixed(0)} frames/s ` +
      `delivered, ${(one.liveShare * 100).toFixed(0)}% of frames live`,
  );
  return one;
}
