/**
 * The server of the soak benchmark (bench/soak.bench.ts): `serve()` over SOAK_DATA_DIR (and DATABASE_URL when
 * set), anonymous rate limit off, printing its memory after a full garbage collection (run with
 * --expose-gc) every SOAK_MEMORY_EVERY_MS as a line `memory {"rss":…,"heapUsed":…}`.
 */
import { serve } from '@icpdesk/server';

const running = await serve({
  port: 0,
  dataDir: process.env.SOAK_DATA_DIR ?? 'data',
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  log: false,
  rateLimitPerMinute: false,
});
console.log(`soak server on ${running.url}`);

const gc = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  gc?.();
  const m = process.memoryUsage();
  console.log(`memory ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })}`);
};
setInterval(sample, Number(process.env.SOAK_MEMORY_EVERY_MS ?? 2000));
process.on('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
