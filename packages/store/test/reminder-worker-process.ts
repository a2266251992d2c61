/**
 * A reminder worker as a process of its own, for the two-worker test (worker-processes.test.ts): the
 * store's startWorker on DATABASE_URL, obligations from REMINDER_LICENCES fixture licences, lines on stdout
 * ("claimed n", "sent <id> <kind>"), stopped by SIGTERM.
 */
import { openDb } from '../src/db.ts';
import { startWorker } from '../src/notifications/worker.ts';
import { fixtureObligations } from './reminder-fixtures.ts';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const db = await openDb({ url: env('DATABASE_URL'), poolSize: 3 });
const licences = Number(env('REMINDER_LICENCES'));
const worker = startWorker(db, {
  id: env('WORKER_ID'),
  obligations: async () => fixtureObligations(licences, '2026-03-01'),
  leaseMs: Number(env('LEASE_MS')),
  pollMs: 200,
  batch: 5,
  sendDelayMs: Number(env('SEND_DELAY_MS')),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await worker.stop();
  await db.close();
  process.exit(0);
});
