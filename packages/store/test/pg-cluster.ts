/**
 * A throwaway PostgreSQL cluster in a temporary directory (see global-setup.ts for how the tests use it; the
 * benchmarks use it too): initdb + pg_ctl from PATH or /usr/lib/postgresql/<version>/bin, trust
 * authentication for the user icpdesk, 127.0.0.1 on a free port, fsync off; as root the binaries run as the
 * `postgres` system user. A watchdog stops the cluster should the creating process die without stopping it.
 */
import { execFile, spawn } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);
const PG_USER = 'icpdesk';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** the directory holding initdb, pg_ctl and postgres together, links resolved */
export function findPgBin(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      dirs.push(join(debian, version, 'bin'));
  for (const dir of dirs) {
    const initdb = join(dir, 'initdb');
    if (!isExecutable(initdb)) continue;
    const real = dirname(realpathSync(initdb));
    if (['pg_ctl', 'postgres'].every((name) => isExecutable(join(real, name)))) return real;
  }
  return undefined;
}

/** uid and gid of a system user, from /etc/passwd */
function systemUser(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/** the command that runs `file args` directly, or as the postgres user (runuser, else su) when we are root */
function commandLine(file: string, args: string[], asRoot: boolean): [string, string[]] {
  if (!asRoot) return [file, args];
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(isExecutable);
  if (runuser) return [runuser, ['-u', 'postgres', '--', file, ...args]];
  return ['su', ['-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' '), 'postgres']];
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface Cluster {
  url: string;
  stop: () => Promise<void>;
}

export async function startCluster(bin: string): Promise<Cluster> {
  const started = performance.now();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && !owner)
    throw new Error(
      'running as root, and initdb refuses root: a `postgres` system user is needed to run the test cluster (the Debian package postgresql creates it)',
    );

  const dir = mkdtempSync(join(tmpdir(), 'icpdesk-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  if (owner) chownSync(dir, owner.uid, owner.gid);

  /** a PostgreSQL program, as the postgres user when we are root */
  const run = (program: string, args: string[]) => {
    const [command, argv] = commandLine(join(bin, program), args, asRoot);
    return execFileAsync(command, argv, { cwd: dir, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
  };
  const logTail = () => {
    try {
      return readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no server log)';
    }
  };
  // a watchdog in its own session: should this process die without teardown (killed, crashed), it stops
  // the cluster and deletes the directory, so no server outlives the test run
  const stopNow = commandLine(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate'], asRoot);
  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${[stopNow[0], ...stopNow[1]].map(shellQuote).join(' ')} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  let running = false;
  const stop = async () => {
    watchdog.kill();
    if (running) {
      running = false;
      await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']).catch(() => {});
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', PG_USER, '--no-sync', '-E', 'UTF8', '--locale=C']);
    const initialised = performance.now();
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        '-c listen_addresses=127.0.0.1',
        `-c port=${port}`,
        `-c unix_socket_directories=${dir}`,
        // a throwaway cluster: speed over crash safety
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      running = true; // from here on teardown stops it, even if start reports a failure
      try {
        await run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
        break;
      } catch (err) {
        // another process may have taken the port between our probe and the server's bind: try another
        if (attempt >= 3) throw err;
        await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']).catch(() => {});
      }
    }
    const url = `postgres://${PG_USER}@127.0.0.1:${port}/icpdesk`;
    const admin = new pg.Client({ connectionString: `postgres://${PG_USER}@127.0.0.1:${port}/postgres` });
    await admin.connect();
    let version = '';
    try {
      await admin.query('create database icpdesk');
      version =
        (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '';
    } finally {
      await admin.end();
    }
    const ms = (t: number) => Math.round(t);
    console.log(
      `[icpdesk] PostgreSQL ${version} for the tests at 127.0.0.1:${port}${asRoot ? ' (as user postgres)' : ''}: ready in ${ms(performance.now() - started)} ms (initdb ${ms(initialised - started)} ms, start ${ms(performance.now() - initialised)} ms)`,
    );
    return { url, stop };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const tail = logTail();
    await stop();
    throw new Error(
      `could not start the test PostgreSQL cluster in ${dir}: ${detail}\n--- server log ---\n${tail}`,
    );
  }
}
