/** icpdesk serve | db migrate | backup: run the server and look after its database. */
import { resolve } from 'node:path';
import { closeOnSignals, parseTrustedProxies, serve, TrustProxyError } from '@icpdesk/server';
import { migrate, openDb } from '@icpdesk/store';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';

export interface ServerArgs {
  port?: string;
  host?: string;
  dataDir?: string;
  kbDir?: string;
  /** do not run the reminder worker in the server process */
  noWorker?: boolean;
}

function port(v: string | undefined): number {
  if (v === undefined) return Number(process.env.PORT ?? 8080);
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError('USAGE', `--port ${JSON.stringify(v)} is not a port number (0–65535)`);
  return n;
}

/** ICPDESK_RATE_LIMIT: anonymous requests per minute per client; 0 turns the limit off (benchmarks). */
function rateLimit(): { rateLimitPerMinute?: number | false } {
  const v = process.env.ICPDESK_RATE_LIMIT;
  if (v === undefined || v === '') return {};
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError('USAGE', `ICPDESK_RATE_LIMIT=${JSON.stringify(v)} is not a whole number`);
  return { rateLimitPerMinute: n === 0 ? false : n };
}

/** ICPDESK_TRUST_PROXY: the reverse proxies (addresses, CIDR ranges) whose X-Forwarded-* are believed */
function trustProxy(): { trustProxy: string[] } {
  try {
    return { trustProxy: parseTrustedProxies(process.env.ICPDESK_TRUST_PROXY) };
  } catch (e) {
    if (e instanceof TrustProxyError) throw new CliError('USAGE', e.message);
    throw e;
  }
}

const where = (url: string | undefined, dataDir: string) =>
  url ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${resolve(dataDir, 'icpdesk.sqlite')}`;

export async function serveCommand(io: Io, a: ServerArgs): Promise<number> {
  const dataDir = a.dataDir ?? 'data';
  const running = await serve({
    port: port(a.port),
    host: a.host ?? process.env.HOST ?? '127.0.0.1',
    dataDir: resolve(io.cwd, dataDir),
    ...(a.kbDir ? { kbDir: a.kbDir } : {}),
    ...rateLimit(),
    ...trustProxy(),
  });
  io.err(
    `icpdesk serving on ${running.url} — API docs ${running.url}/api/docs — ${where(process.env.DATABASE_URL, dataDir)} — knowledge base ${running.kb.version}\n`,
  );
  const { startReminderWorker, workerWanted } = await import('./worker.ts');
  if (workerWanted(a.noWorker)) {
    const worker = startReminderWorker(running.db, running.kb, io.err);
    const close = running.close;
    running.close = async () => {
      await worker.stop();
      await close();
    };
  }
  closeOnSignals(running, io.err);
  await new Promise(() => {}); // until a signal
  return 0;
}

export async function migrateCommand(io: Io, a: ServerArgs): Promise<number> {
  const dataDir = resolve(io.cwd, a.dataDir ?? 'data');
  const db = await openDb({ url: process.env.DATABASE_URL, dataDir });
  try {
    const ran = await migrate(db);
    io.out(ran.length ? `migrated ${db.location}: ${ran.join(', ')}\n` : `${db.location} is up to date\n`);
  } finally {
    await db.close();
  }
  return 0;
}

export async function backupCommand(io: Io, a: ServerArgs & { file?: string }): Promise<number> {
  if (!a.file) throw new CliError('USAGE', 'backup needs a target file: icpdesk backup <file.sqlite>');
  if (process.env.DATABASE_URL)
    throw new CliError('USAGE', 'backup copies the embedded SQLite database; for PostgreSQL use pg_dump');
  const db = await openDb({ dataDir: resolve(io.cwd, a.dataDir ?? 'data') });
  try {
    const target = resolve(io.cwd, a.file);
    await db.backup(target);
    io.out(`backed up ${db.location} to ${target}\n`);
  } finally {
    await db.close();
  }
  return 0;
}
