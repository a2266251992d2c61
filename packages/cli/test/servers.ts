/** `icpdesk serve` as a child process, for tests that need a real server (durability, several servers). */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './helpers.ts';

export const bin = join(root, 'packages/cli/bin/icpdesk.js');

export interface Server {
  child: ChildProcess;
  url: string;
}

/** starts `icpdesk serve` on a free port and resolves once it listens (rejects if it exits first) */
export function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<Server> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = '';
    child.stderr!.on('data', (b: Buffer) => {
      seen += b.toString();
      const m = /icpdesk serving on (http:\/\/[^\s]+)/.exec(seen);
      if (m) ok({ child, url: m[1]! });
    });
    child.on('exit', (code, signal) => fail(new Error(`server exited (${code ?? signal}): ${seen}`)));
  });
}

/** SIGKILL, resolved once the process is gone */
export const killed = (child: ChildProcess) =>
  new Promise<void>((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGKILL');
  });
