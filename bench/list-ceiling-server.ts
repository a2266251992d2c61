/**
 * GET /api/v1/applications?limit=50 on SQLite done the plain way, in a server that does nothing else:
 * Fastify with no plugins, hooks or schemas, better-sqlite3 statements prepared once, a session and
 * membership read as the real route does, the same 51 full rows read and serialised on every request (no
 * clocks, no cache). list.bench.ts measures it beside the real route, which keeps items by version. BENCH_SQLITE_FILE names the seeded database (opened read-only).
 * Prints "list-ceiling ready on <url>".
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const file = process.env.BENCH_SQLITE_FILE;
if (!file) throw new Error('set BENCH_SQLITE_FILE');
const db = new Database(file, { readonly: true });
const session = db.prepare(
  'select s.csrf_secret, u.id, u.email from sessions s join users u on u.id = s.user_id order by s.created_at desc limit 1',
);
const memberships = db.prepare(
  'select m.organisation_id, o.name, m.role from memberships m join organisations o on o.id = m.organisation_id where m.user_id = ?',
);
const list = db.prepare(
  `select id, organisation_id, company_id, licence_codes, procedure, authority, state, checklist,
     authority_reference, submitted_on, accepted_on, decided_on, clock, authority_due_on, created_by,
     created_at, updated_at
   from applications where organisation_id = ? order by id desc limit 51`,
);

const app = Fastify();
app.get('/list', async () => {
  const user = session.get() as { id: string };
  const [org] = memberships.all(user.id) as { organisation_id: string }[];
  const rows = list.all(org!.organisation_id) as Record<string, string | null>[];
  return {
    items: rows.slice(0, 50).map((r) => ({
      ...r,
      licence_codes: JSON.parse(r.licence_codes!),
      checklist: JSON.parse(r.checklist!),
      clock: r.clock == null ? null : JSON.parse(r.clock),
    })),
    nextCursor: rows.length > 50 ? (rows[49]!.id ?? null) : null,
  };
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`list-ceiling ready on ${url}`);
