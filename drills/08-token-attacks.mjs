// Drill 8: forged, altered and stale tokens are refused on every door: REST reads and writes, the
// SSE streams and WebSocket handshakes (token in the query and in the subprotocol).
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { Api } from "./lib/api.mjs";
import { decode, es256, freshEcKey, hs256, keyFromJwk, publicOf, unsigned } from "./lib/jwt.mjs";
import { openSocket, readSse } from "./lib/live.mjs";
import { until } from "./lib/process.mjs";

export default {
  number: 8,
  title: "Token attacks",
  proves: `Every kind of bad token is refused everywhere a token is accepted: \`alg: none\` (three
spellings), HS256 keyed with the service's public key (PEM, DER and JWK text), a key of the
attacker's own under the service's key id, a signed token with its payload edited (another user's
id, another email), tokens signed with the service's real key (read from its data directory, as a
thief of that file would) but expired, without \`exp\`, issued in the future, for another issuer or
under an unknown key id, and a good token of a user deleted from the database (refused everywhere
once the token check's 10 s memory of users found has passed; meanwhile such a token is a stranger
to every workspace, so it reads 404, never data). Each is tried on
REST reads and writes, both SSE streams and both WebSocket streams (token in \`?token=\` and in
\`Sec-WebSocket-Protocol: bearer, <jwt>\`); the REST answers must be 401 problem+json and no
stream may send a single event. The same doors opened with the good token are the control: a
drill whose refusals came from a broken door would fail there.`,
  short: true,
  async run(ctx) {
    const { service } = await ctx.shared();
    const api = new Api(service.url);
    const owner = await api.signUp("tokens");
    const other = await api.signUp("tokens-other");
    const pipeline = await owner.pipeline(owner.workspace, {
      entry_point: "v",
      nodes: [{ id: "v", type: "validation", label: "V" }],
      edges: [],
    });
    const execution = await owner.start(pipeline, { x: 1 });
    await owner.awaitEnd(execution);

    const good = decode(owner.token);
    const now = Math.floor(Date.now() / 1000);
    const jwk = JSON.parse(readFileSync(`${service.dir}/data/jwt-signing-key.json`, "utf8"));
    const realKey = keyFromJwk(jwk);
    const pub = publicOf(realKey);
    const pem = pub.export({ format: "pem", type: "spki" });
    const der = pub.export({ format: "der", type: "spki" });
    const pubJwk = JSON.stringify(pub.export({ format: "jwk" }));
    const h = good.header;
    const p = good.payload;
    const signedReal = (payload, header = h) => es256(header, payload, realKey);
    const withoutExp = { ...p };
    delete withoutExp.exp;

    // A user who exists, holds a good token, then is deleted.
    const doomed = randomUUID();
    const { db } = await ctx.shared();
    ctx.pg.psql(db, `INSERT INTO users (id, email) VALUES ('${doomed}', 'doomed-${doomed}@drills.example')`);
    const doomedToken = signedReal({ ...p, sub: doomed, email: `doomed-${doomed}@drills.example`, jti: randomUUID() });

    const attacks = {
      "alg none": unsigned(h, p, "none"),
      "alg None": unsigned(h, p, "None"),
      "alg NONE, signature kept": `${unsigned(h, p, "NONE")}${owner.token.split(".")[2]}`,
      "HS256 keyed with the public key (PEM)": hs256(h, p, pem),
      "HS256 keyed with the public key (DER)": hs256(h, p, der),
      "HS256 keyed with the public key (JWK)": hs256(h, p, pubJwk),
      "another key under the service's kid": es256(h, p, freshEcKey()),
      "payload edited: another user's id": `${owner.token.split(".")[0]}.${Buffer.from(JSON.stringify({ ...p, sub: other.user.id })).toString("base64url")}.${owner.token.split(".")[2]}`,
      "payload edited: another email": `${owner.token.split(".")[0]}.${Buffer.from(JSON.stringify({ ...p, email: other.email })).toString("base64url")}.${owner.token.split(".")[2]}`,
      "expired (real key)": signedReal({ ...p, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }),
      "no exp (real key)": signedReal(withoutExp),
      "issued in the future (real key)": signedReal({ ...p, iat: now + 3600, nbf: now, exp: now + 7200 }),
      "another issuer (real key)": signedReal({ ...p, iss: "https://attacker.example" }),
      "unknown kid (real key)": signedReal(p, { ...h, kid: "drill-unknown-kid" }),
      "no kid (real key)": signedReal(p, { alg: "ES256", typ: h.typ }),
      "garbage": "not.a.token",
      "empty": "",
    };

    const ws = service.url.replace(/^http/, "ws");
    const doors = [
      ["GET /api/me", (t) => api.as(t).get("/api/me")],
      ["GET pipelines", (t) => api.as(t).get(`/api/workspaces/${owner.workspace}/pipelines`)],
      ["GET execution", (t) => api.as(t).get(`/orchestrate/executions/${execution}`)],
      ["POST start (write)", (t) => api.as(t).post("/orchestrate/pipeline/start", { pipeline_id: pipeline, input: { x: 2 } })],
      ["POST credits grant (write)", (t) => api.as(t).post(`/api/workspaces/${owner.workspace}/credits/grants`, { amount: 1, description: "drill" })],
    ];
    const streams = [
      ["SSE execution", (t) => readSse(`${service.url}/orchestrate/executions/${execution}/events`, { token: t })],
      ["SSE workspace", (t) => readSse(`${service.url}/orchestrate/workspaces/${owner.workspace}/events`, { token: t, ms: 500 })],
      ["WS execution ?token=", (t) => openSocket(`${ws}/ws/execution/${execution}?token=${encodeURIComponent(t)}`)],
      ["WS execution subprotocol", (t) => openSocket(`${ws}/ws/execution/${execution}`, { protocols: ["bearer", t] })],
      ["WS workspace ?token=", (t) => openSocket(`${ws}/ws/workspace/${owner.workspace}?token=${encodeURIComponent(t)}`, { ms: 500 })],
    ];

    // The control: the good token opens every door (a door that refuses everyone proves nothing).
    for (const [name, door] of doors) {
      const r = await door(owner.token);
      ctx.check(`control: ${name} with the good token answers 2xx`, r.status < 300, r.status);
    }
    const sse = await streams[0][1](owner.token);
    ctx.check("control: SSE execution with the good token sends events", sse.status === 200 && sse.events.length > 0, `${sse.status}, ${sse.events.length} events`);
    for (const [name, open] of streams.slice(2, 4)) {
      const r = await open(owner.token);
      ctx.check(`control: ${name} with the good token sends events`, r.opened && r.frames.length > 0, JSON.stringify({ ...r, frames: r.frames.length }));
    }

    let tried = 0;
    const refused = async (name, token) => {
      for (const [door, call] of doors) {
        const r = await call(token);
        tried++;
        const problem = (r.headers.get("content-type") ?? "").includes("application/problem+json");
        ctx.check(`${name}: ${door} refused`, r.status === 401 && problem, `${r.status} ${r.body.slice(0, 120)}`);
      }
      for (const [door, open] of streams) {
        if (!token && door.includes("subprotocol")) continue; // an empty subprotocol is not a request one can send
        const r = await open(token);
        tried++;
        const leaked = (r.frames ?? []).concat((r.events ?? []).map((e) => e.data)).filter((f) => !/"pong"/.test(f));
        const closedRefusing = r.httpStatus === 401 || r.status === 401 || r.closeCode === 4401;
        ctx.check(`${name}: ${door} refused, nothing sent`, closedRefusing && leaked.length === 0, JSON.stringify({ status: r.status ?? r.httpStatus, close: r.closeCode, sent: leaked.length }));
      }
    };
    for (const [name, token] of Object.entries(attacks)) await refused(name, token);

    // The deleted user: accepted while the user exists, refused within the user memory's 10 s after.
    const before = await api.as(doomedToken).get("/api/me");
    ctx.check("deleted user: the token works while the user exists", before.status === 200, before.status);
    ctx.pg.psql(db, `DELETE FROM users WHERE id = '${doomed}'`);
    const t0 = Date.now();
    // /api/me looks the user up itself and refuses at once; the token check remembers a user found
    // for 10 s (KnownUsers), during which other doors answer 404 (not a member), never data.
    await until("the deleted user's token to be refused", async () => (await api.as(doomedToken).get(`/api/workspaces/${owner.workspace}/pipelines`)).status === 401, 20_000, 250);
    ctx.figure("deleted user's token refused after", Date.now() - t0, "ms");
    await refused("deleted user", doomedToken);
    ctx.figure("attack tokens", Object.keys(attacks).length + 1);
    ctx.figure("attempts (token × door)", tried);
  },
};
