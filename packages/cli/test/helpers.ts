import { fileURLToPath } from 'node:url';
import type { Io } from '../src/io.ts';
import { run } from '../src/main.ts';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

export async function cli(args: string[], opts: { stdin?: string; cwd?: string } = {}) {
  let out = '';
  let err = '';
  const chunks: Uint8Array[] = [];
  const io: Io = {
    out: (s) => {
      out += s;
    },
    outBytes: (b) => {
      chunks.push(b);
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
  // bytes only when there were any, so that results without them compare equal as before
  return { code, out, err, ...(chunks.length ? { bytes: Buffer.concat(chunks) } : {}) };
}
