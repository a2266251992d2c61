import { fileURLToPath } from 'node:url';
import type { Io } from '../src/io.ts';
import { run } from '../src/main.ts';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

export async function cli(args: string[], opts: { stdin?: string; cwd?: string } = {}) {
  let out = '';
  let err = '';
  const io: Io = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd ?? root,
    today: () => '2026-11-29',
    isTty: false,
  };
  const code = await run(args, io);
  return { code, out, err };
}
