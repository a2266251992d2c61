/** The command's contact with the world, passed in so that tests run it in-process. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chinaDate } from '@icpdesk/engine';
import { parseYamlSafely } from '@icpdesk/pack/safe-yaml';
import { type Clock, systemClock } from '@icpdesk/store/clock';
import { CliError } from './errors.ts';

export interface Io {
  out(s: string): void;
  /** bytes to standard output (a package zip with --out -) */
  outBytes(b: Uint8Array): void;
  err(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  /** today's date in China (Asia/Shanghai), YYYY-MM-DD */
  today(): string;
  /** whether stderr is a terminal (progress lines) */
  isTty: boolean;
}

export function chinaToday(now: Date = new Date()): string {
  return chinaDate(now);
}

export function processIo(clock: Clock = systemClock()): Io {
  return {
    out: (s) => process.stdout.write(s),
    outBytes: (b) => process.stdout.write(b),
    err: (s) => process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: process.cwd(),
    today: () => clock.today(),
    isTty: !!process.stderr.isTTY,
  };
}

/** Reads a JSON or YAML document from a file or from standard input ("-"). */
export async function readDocument(io: Io, arg: string): Promise<{ name: string; data: unknown }> {
  let text: string;
  let name: string;
  if (arg === '-') {
    name = '<stdin>';
    text = await io.readStdin();
  } else {
    const path = resolve(io.cwd, arg);
    name = arg;
    if (!existsSync(path)) throw new CliError('FILE_NOT_FOUND', `${arg}: no such file`);
    if (statSync(path).isDirectory())
      throw new CliError('FILE_UNREADABLE', `${arg}: is a folder, not a file`);
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new CliError(
        'FILE_UNREADABLE',
        `${arg}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (text.trim() === '')
    throw new CliError('PARSE_ERROR', `${name}: is empty; expected a JSON or YAML profile`);
  const asJson = /\.json$/i.test(arg) || (!/\.ya?ml$/i.test(arg) && /^\s*[[{]/.test(text));
  return { name, data: asJson ? parseJson(name, text) : parseYaml(name, text) };
}

export function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = `:${line}:${col}`;
    }
    throw new CliError(
      'PARSE_ERROR',
      `${name}${where}: not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`,
    );
  }
}

export function parseYaml(name: string, text: string): unknown {
  const r = parseYamlSafely(text);
  if (r.ok) return r.data;
  const p = r.problem;
  if (p.kind === 'too-complex') throw new CliError('INPUT_TOO_COMPLEX', `${name}: ${p.message}`);
  const where = p.line ? `:${p.line}:${p.column}` : '';
  throw new CliError('PARSE_ERROR', `${name}${where}: not valid YAML: ${p.message}`);
}
