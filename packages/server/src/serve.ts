/**
 * Runs the server: loads the knowledge base, opens the database (embedded SQLite under ./data, or
 * PostgreSQL when DATABASE_URL is set), migrates it, listens, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { type Kb, loadKb } from '@icpdesk/kb';
import { type Clock, type Db, migrate, openDb, refreshAuthorityDueDates } from '@icpdesk/store';
import { sql } from 'kysely';
import { buildApp } from './http/app.ts';
import { parseTrustedProxies } from './http/client-address.ts';
import { logOptions } from './http/log-options.ts';
import { DEFAULT_WEB_DIR } from './http/web-app.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  databaseUrl?: string;
  dataDir?: string;
  kbDir?: string;
  rateLimitPerMinute?: number | false;
  /**
   * the reverse proxies whose X-Forwarded-* are believed: addresses or CIDR ranges (default: the list in
   * ICPDESK_TRUST_PROXY, e.g. "127.0.0.1,10.0.0.0/8"; none when unset)
   */
  trustProxy?: readonly string[];
  /** structured JSON logs (pino); false for tests */
  log?: boolean;
  /** now, and today in China (default the system clock) */
  clock?: Clock;
  /** the built web app to serve (default packages/web/dist, when built); false for the API alone */
  webDir?: string | false;
}

export interface Running {
  url: string;
  db: Db;
  kb: Kb;
  close(): Promise<void>;
}

export async function serve(o: ServeOptions = {}): Promise<Running> {
  const trustProxy = o.trustProxy ?? parseTrustedProxies(process.env.ICPDESK_TRUST_PROXY);
  const kb = loadKb(o.kbDir);
  const db = await openDb({
    url: o.databaseUrl ?? process.env.DATABASE_URL,
    dataDir: o.dataDir ?? 'data',
    // ICPDESK_PG_NAMED_STATEMENTS=0 behind a pooler that cannot keep prepared statements
    namedStatements: process.env.ICPDESK_PG_NAMED_STATEMENTS !== '0',
    ...(o.clock ? { clock: o.clock } : {}),
  });
  let recomputed = 0;
  try {
    await migrate(db);
    // stored due dates follow the kb this server serves (holidays of a new year, changed time limits)
    recomputed = await refreshAuthorityDueDates(db, kb);
  } catch (e) {
    await db.close();
    throw e;
  }
  const app = await buildApp({
    kb,
    db,
    dataDir: o.dataDir ?? 'data',
    trustProxy,
    ...(process.env.ICPDESK_SECRET ? { secret: process.env.ICPDESK_SECRET } : {}),
    logger: o.log === false ? false : logOptions(process.env.LOG_LEVEL ?? 'info'),
    ...(o.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: o.rateLimitPerMinute } : {}),
    ...(o.webDir !== false ? { webDir: o.webDir ?? DEFAULT_WEB_DIR } : {}),
    dbCheck: async () => {
      await sql`select 1`.execute(db.kysely);
      return { dialect: db.dialect };
    },
  });
  if (recomputed)
    app.log.info(
      { recomputed, kbVersion: kb.version },
      'authority due dates recomputed under the knowledge base',
    );
  const address = await app.listen({ port: o.port ?? 8080, host: o.host ?? '127.0.0.1' });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close(); // stops accepting, waits for requests in flight
      await db.close();
    })();
    return closing;
  };
  return { url: address, db, kb, close };
}

/** Graceful shutdown on the usual signals; a second signal exits at once. */
export function closeOnSignals(running: Running, log: (s: string) => void): void {
  let count = 0;
  const stop = (signal: string) => {
    if (++count > 1) process.exit(1);
    log(`${signal}: closing (waiting for requests in flight)…\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
