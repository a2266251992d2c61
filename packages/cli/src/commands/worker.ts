/**
 * icpdesk worker: the reminder worker (issue #11 §5) on its own — schedules the reminders due today and
 * sends them (e-mail, group robots, in-app), on the database serve uses. `icpdesk serve` (and `npm start`)
 * runs the same worker inside the server unless `--no-worker` or ICPDESK_WORKER=0. Several workers may share
 * a PostgreSQL database (each reminder still goes out once); on SQLite one works at a time (a lock row).
 */
import { resolve } from 'node:path';
import { type Kb, loadKb } from '@icpdesk/kb';
import {
  type Db,
  migrate,
  obligationsOfOrganisation,
  openDb,
  type RunningWorker,
  startWorker,
} from '@icpdesk/store';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';

/** ICPDESK_WORKER_POLL_MS: the pause between rounds (default 60 s) */
function pollMs(): number | undefined {
  const v = process.env.ICPDESK_WORKER_POLL_MS;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100)
    throw new CliError('USAGE', `ICPDESK_WORKER_POLL_MS=${JSON.stringify(v)} is not a whole number ≥ 100`);
  return n;
}

/** whether serve starts the worker: not with --no-worker or ICPDESK_WORKER=0/false/off */
export function workerWanted(noWorker: boolean | undefined): boolean {
  const v = (process.env.ICPDESK_WORKER ?? '').toLowerCase();
  return !noWorker && !['0', 'false', 'off', 'no'].includes(v);
}

export function startReminderWorker(db: Db, kb: Kb, log: (s: string) => void): RunningWorker {
  const poll = pollMs();
  return startWorker(db, {
    obligations: (org, asOf) => obligationsOfOrganisation(db, kb, org, asOf),
    ...(poll ? { pollMs: poll } : {}),
    log: (line) => log(`worker: ${line}\n`),
  });
}

export async function workerCommand(io: Io, a: { dataDir?: string; kbDir?: string }): Promise<number> {
  const db = await openDb({ url: process.env.DATABASE_URL, dataDir: resolve(io.cwd, a.dataDir ?? 'data') });
  await migrate(db);
  const kb = a.kbDir ? loadKb(resolve(io.cwd, a.kbDir)) : loadKb();
  const worker = startReminderWorker(db, kb, io.err);
  io.err(`icpdesk reminder worker ${worker.id} on ${db.location}\n`);
  const keepAlive = setInterval(() => {}, 2 ** 30); // the worker's own timers do not hold the process
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(keepAlive);
  io.err('stopping the worker (finishing its round)…\n');
  await worker.stop();
  await db.close();
  return 0;
}
