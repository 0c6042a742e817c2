// Drill 11: the audit log is tamper-evident. Every kind of change made directly in the database to
// a workspace's audit rows (by a superuser, triggers off), even one followed by recomputing every
// later hash and the chain head, is found by the verify endpoint, which names the first bad seq.
import { Api } from "./lib/api.mjs";
import { until } from "./lib/process.mjs";

const CHAIN_COLUMNS =
  "id, workspace_id, seq, action, category, actor_id, details, created_at, prev_hash, hash, insert_no, seal, seal_key_version";

export default {
  number: 11,
  title: "Audit tamper",
  proves: `A workspace's audit log is a hash chain, and \`GET /api/workspaces/{ws}/audit-logs/verify\`
recomputes it. The drill fills one workspace's log through the API (pipelines, runs, grants, a
member), waits until every row is chained, then makes each change below directly in PostgreSQL as
a superuser with triggers switched off, at the first, a middle and the last row: edits of every
column the chain covers (action, category, actor, details, time, workspace, seq, prev_hash, hash),
deletions, two rows swapping places, and a row moved in from another workspace. After each change
verify must answer \`valid: false\` naming the changed row's seq (for a swap, the earlier of the
two); after the row is put back it must answer \`valid: true\` again. Every chained row also carries
a seal (an HMAC of its chain, seq and hash under a key derived from the vault's master key, which the
database does not hold), so the drill also removes and edits seals, and makes the strongest edit: a
row changed and every later hash and the chain head recomputed with the database's own hash
function, which verify must find at the edited seq. Not covered, and written under open defects:
removing the newest rows together with rolling the head back, which only a copy of the head kept
outside the database can show.`,
  short: true,
  async run(ctx) {
    const { service, db } = await ctx.shared();
    const api = new Api(service.url);
    const owner = await api.signUp("audit");
    const stranger = await api.signUp("audit-other");
    const ws = owner.workspace;
    const graph = { entry_point: "v", nodes: [{ id: "v", type: "validation", label: "V" }], edges: [] };
    for (let i = 0; i < 6; i++) {
      const p = await owner.pipeline(ws, graph);
      await owner.awaitEnd(await owner.start(p, { i }));
    }
    await owner.ok("POST", `/api/workspaces/${ws}/credits/grants`, { amount: 5, description: "drill grant" });
    await owner.ok("POST", `/api/workspaces/${ws}/members`, { email: stranger.email, role: "viewer" });
    await stranger.pipeline(stranger.workspace, graph); // a row in another chain, to move in

    const verify = () => owner.ok("GET", `/api/workspaces/${ws}/audit-logs/verify`);
    const clean = await until("every audit row to be chained", async () => {
      const v = await verify();
      return v.valid && !v.pending ? v : null;
    }, 30_000, 250);
    const sql = (q) => ctx.pg.psql(db, `SET session_replication_role = replica;\n${q}`);
    const n = Number(sql(`SELECT count(*) FROM audit_logs WHERE workspace_id = '${ws}'`)[0][0]);
    ctx.figure("audit rows in the workspace", n);
    ctx.check("the untouched chain verifies", clean.valid && clean.entries === n, JSON.stringify(clean));
    sql(`CREATE TABLE drill_audit_backup AS SELECT ${CHAIN_COLUMNS} FROM audit_logs WHERE workspace_id = '${ws}'`);
    const restore = () =>
      sql(`BEGIN;
           DELETE FROM audit_logs WHERE workspace_id = '${ws}' OR id IN (SELECT id FROM drill_audit_backup);
           INSERT INTO audit_logs (${CHAIN_COLUMNS}) SELECT ${CHAIN_COLUMNS} FROM drill_audit_backup;
           COMMIT;`);
    const other = sql(`SELECT id FROM audit_logs WHERE workspace_id = '${stranger.workspace}' ORDER BY seq DESC LIMIT 1`)[0][0];

    const row = (seq) => `workspace_id = '${ws}' AND seq = ${seq}`;
    const tampers = [
      ["action edited", (s) => `UPDATE audit_logs SET action = 'pipeline.deleted' WHERE ${row(s)}`, (s) => s],
      ["category edited", (s) => `UPDATE audit_logs SET category = 'auth' WHERE ${row(s)}`, (s) => s],
      ["actor edited", (s) => `UPDATE audit_logs SET actor_id = '${stranger.user.id}' WHERE ${row(s)}`, (s) => s],
      ["actor removed or added", (s) => `UPDATE audit_logs SET actor_id = CASE WHEN actor_id IS NULL THEN '${owner.user.id}'::uuid END WHERE ${row(s)}`, (s) => s],
      ["details edited", (s) => `UPDATE audit_logs SET details = details || '{"drill": "edited"}' WHERE ${row(s)}`, (s) => s],
      ["details emptied", (s) => `UPDATE audit_logs SET details = '{}' WHERE ${row(s)}`, (s) => s],
      ["time moved by a microsecond", (s) => `UPDATE audit_logs SET created_at = created_at + interval '1 microsecond' WHERE ${row(s)}`, (s) => s],
      ["moved to another workspace", (s) => `UPDATE audit_logs SET workspace_id = '${stranger.workspace}', seq = seq + 100000 WHERE ${row(s)}`, (s) => s],
      ["hash edited", (s) => `UPDATE audit_logs SET hash = repeat('0', 64) WHERE ${row(s)}`, (s) => s],
      ["prev_hash edited", (s) => `UPDATE audit_logs SET prev_hash = repeat('f', 64) WHERE ${row(s)}`, (s) => s],
      ["deleted", (s) => `DELETE FROM audit_logs WHERE ${row(s)}`, (s) => s],
      ["seq renumbered (a gap)", (s) => `UPDATE audit_logs SET seq = seq + 1000 WHERE ${row(s)}`, (s) => s],
      ["swapped with the next row", (s) => `UPDATE audit_logs SET seq = 999999 WHERE ${row(s)}; UPDATE audit_logs SET seq = ${s} WHERE ${row(s + 1)}; UPDATE audit_logs SET seq = ${s + 1} WHERE ${row(999999)}`, (s) => s, (s, last) => s < last],
      ["seal removed", (s) => `UPDATE audit_logs SET seal = NULL, seal_key_version = NULL WHERE ${row(s)}`, (s) => s],
      ["seal edited", (s) => `UPDATE audit_logs SET seal = repeat('0', 64) WHERE ${row(s)}`, (s) => s],
      ["another workspace's row moved in over it", (s) => `DELETE FROM audit_logs WHERE ${row(s)}; UPDATE audit_logs SET workspace_id = '${ws}', seq = ${s} WHERE id = '${other}'`, (s) => s],
    ];
    const seqs = [1, Math.ceil(n / 2), n];
    let tried = 0;
    for (const [name, change, bad, applies = () => true] of tampers) {
      for (const seq of seqs) {
        if (!applies(seq, n)) continue;
        tried++;
        sql(change(seq));
        const v = await verify();
        ctx.check(`${name} at seq ${seq} of ${n}: verify names seq ${bad(seq)}`, v.valid === false && v.first_bad_seq === bad(seq), JSON.stringify(v));
        restore();
        const back = await verify();
        ctx.check(`${name} at seq ${seq}: valid again once put back`, back.valid === true && back.entries === n, JSON.stringify(back));
      }
    }
    // The stronger attacker: edit a row, recompute every later hash and the head with the
    // database's own hash function. The hashes then all hold; the seals, whose key the database
    // does not hold, do not, and verify names the edited row.
    const k = Math.ceil(n / 2);
    tried++;
    const head = sql(`SELECT last_seq, last_hash FROM audit_chain_heads WHERE chain_id = '${ws}'`)[0];
    sql(`UPDATE audit_logs SET details = details || '{"drill": "rewritten"}' WHERE ${row(k)};
         DO $$ DECLARE r record; prev text := (SELECT prev_hash FROM audit_logs WHERE ${row(k)}); BEGIN
           FOR r IN SELECT * FROM audit_logs WHERE workspace_id = '${ws}' AND seq >= ${k} ORDER BY seq LOOP
             UPDATE audit_logs SET prev_hash = prev,
                    hash = orchestrate_audit_hash(prev, workspace_id, seq, action, category, actor_id, details, created_at)
              WHERE id = r.id RETURNING hash INTO prev;
           END LOOP;
           UPDATE audit_chain_heads SET last_hash = prev WHERE chain_id = '${ws}';
         END $$;`);
    const rewritten = await verify();
    ctx.check(`an edit at seq ${k} with every later hash and the head recomputed: verify names seq ${k}`, rewritten.valid === false && rewritten.first_bad_seq === k, JSON.stringify(rewritten));
    restore();
    sql(`UPDATE audit_chain_heads SET last_seq = ${head[0]}, last_hash = '${head[1]}' WHERE chain_id = '${ws}'`);
    ctx.check("valid again once the rewrite is put back", (await verify()).valid === true);
    sql("DROP TABLE drill_audit_backup");
    ctx.figure("tamperings tried", tried);
  },
};
