/**
 * icpdesk assess --batch: JSON lines in, one result (or one error) per line out, in input order.
 * Lines are processed in blocks; with --jobs > 1 the blocks go to worker threads, each with its own copy of
 * the knowledge base, and the results are written back in order.
 */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assess, assessSummary, parseProfile } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import type { Lang } from '../render.ts';

export interface BatchOptions {
  asOf: string;
  submitOn: string;
  lang: Lang;
  detail: 'full' | 'summary';
  /** worker threads; 1 processes in this thread */
  jobs: number;
  /** the knowledge-base folder the workers load (the same as this thread's) */
  kbDir: string;
}

export interface BlockResult {
  /** result lines, each ending in \n */
  out: string;
  /** one message per bad line, with its line number */
  errors: string[];
  done: number;
  bad: number;
}

/** Assesses a block of lines; `first` is the 1-based number of its first line. */
export function processBlock(
  kb: Kb,
  lines: string[],
  first: number,
  o: Omit<BatchOptions, 'jobs' | 'kbDir'>,
): BlockResult {
  const parts: string[] = [];
  const errors: string[] = [];
  let done = 0;
  let bad = 0;
  const fail = (
    line: number,
    code: string,
    message: string,
    issues?: { code: string; path: string; message: string }[],
  ) => {
    bad++;
    errors.push(`${line}: ${message}`);
    const error: Record<string, unknown> = { code, message };
    if (issues) error.issues = issues;
    parts.push(`${JSON.stringify({ line, error })}\n`);
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const line = first + i;
    if (!/\S/.test(text)) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      fail(
        line,
        'PARSE_ERROR',
        `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`,
      );
      continue;
    }
    const r = parseProfile(kb, data);
    if (!r.ok) {
      fail(
        line,
        'INVALID_PROFILE',
        r.issues.map((x) => `${x.path}: ${x.message[o.lang]}`).join('; '),
        r.issues.map((x) => ({ code: x.code, path: x.path, message: x.message[o.lang] })),
      );
      continue;
    }
    const opts = { asOf: o.asOf, submitOn: o.submitOn };
    const result = o.detail === 'summary' ? assessSummary(kb, r.profile, opts) : assess(kb, r.profile, opts);
    parts.push(`${JSON.stringify(result)}\n`);
    done++;
  }
  return { out: parts.join(''), errors, done, bad };
}

const BLOCK = 2048;

/** Blocks of lines of a file, read in large chunks. */
async function* blocks(path: string): AsyncGenerator<string[]> {
  let rest = '';
  let block: string[] = [];
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      block.push(p.endsWith('\r') ? p.slice(0, -1) : p);
      if (block.length === BLOCK) {
        yield block;
        block = [];
      }
    }
  }
  if (rest) block.push(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  if (block.length) yield block;
}

interface Pool {
  run(lines: string[], first: number): Promise<BlockResult>;
  close(): Promise<void>;
}

function inThread(kb: Kb, o: BatchOptions): Pool {
  return { run: async (lines, first) => processBlock(kb, lines, first, o), close: async () => {} };
}

function workers(o: BatchOptions): Pool {
  const url = new URL('../../bin/batch-worker.js', import.meta.url);
  const pool = Array.from({ length: o.jobs }, () => ({
    w: new Worker(url, {
      resourceLimits: { maxYoungGenerationSizeMb: 48 },
      workerData: {
        kbDir: o.kbDir,
        options: { asOf: o.asOf, submitOn: o.submitOn, lang: o.lang, detail: o.detail },
      },
    }),
    busy: 0,
  }));
  let seq = 0;
  const waiting = new Map<number, { ok: (r: BlockResult) => void; fail: (e: Error) => void }>();
  for (const p of pool) {
    p.w.on('message', (m: { seq: number; result?: BlockResult; error?: string }) => {
      const h = waiting.get(m.seq);
      waiting.delete(m.seq);
      p.busy--;
      if (m.error !== undefined) h?.fail(new Error(m.error));
      else h?.ok(m.result!);
    });
    p.w.on('error', (e) => {
      for (const h of waiting.values()) h.fail(e);
      waiting.clear();
    });
  }
  return {
    run(lines, first) {
      const p = pool.reduce((a, b) => (b.busy < a.busy ? b : a));
      p.busy++;
      const id = seq++;
      return new Promise((ok, fail) => {
        waiting.set(id, { ok, fail });
        p.w.postMessage({ seq: id, lines, first });
      });
    },
    async close() {
      await Promise.all(pool.map((p) => p.w.terminate()));
    },
  };
}

export function defaultJobs(inputBytes: number): number {
  // worker start-up (loading the kb) costs about half a second: only worth it for large inputs
  return inputBytes < 8 << 20 ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

interface Output {
  write(s: string): Promise<void>;
  end(): Promise<void>;
}

/** The results' destination: a file, or standard output for "-". */
async function openOutput(io: Io, inPath: string, output: string): Promise<Output> {
  if (output === '-') return { write: async (s) => io.out(s), end: async () => {} };
  if (inPath === resolve(io.cwd, output))
    throw new CliError('USAGE', '--out must be a different file from the batch input');
  const out = createWriteStream(resolve(io.cwd, output), { encoding: 'utf8' });
  try {
    await new Promise<void>((ok, fail) => {
      out.once('open', () => ok());
      out.once('error', fail);
    });
  } catch (e) {
    throw new CliError(
      'FILE_UNREADABLE',
      `${output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return {
    write: (s) => (out.write(s) ? Promise.resolve() : new Promise((ok) => out.once('drain', () => ok()))),
    end: () => new Promise((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok()))),
  };
}

export async function runBatch(
  io: Io,
  kb: Kb,
  input: string,
  output: string,
  o: BatchOptions,
): Promise<number> {
  const inPath = resolve(io.cwd, input);
  if (!existsSync(inPath)) throw new CliError('FILE_NOT_FOUND', `${input}: no such file`);
  if (statSync(inPath).isDirectory())
    throw new CliError('FILE_UNREADABLE', `${input}: is a folder, not a file`);
  const started = performance.now();
  const out = await openOutput(io, inPath, output);
  const pool = o.jobs > 1 ? workers(o) : inThread(kb, o);
  let lines = 0;
  let done = 0;
  let bad = 0;
  let reported = 0;
  // blocks in flight, written in input order; at most two per job, to bound memory
  const inFlight: Promise<BlockResult>[] = [];
  const drain = async () => {
    const r = await inFlight.shift()!;
    for (const e of r.errors) io.err(`${input}:${e}\n`);
    done += r.done;
    bad += r.bad;
    if (done - reported >= 20_000) {
      reported = done;
      io.err(`… ${done} assessed\n`);
    }
    if (r.out) await out.write(r.out);
  };
  try {
    for await (const block of blocks(inPath)) {
      inFlight.push(pool.run(block, lines + 1));
      lines += block.length;
      if (inFlight.length >= Math.max(1, o.jobs) * 2) await drain();
    }
    while (inFlight.length) await drain();
  } finally {
    await pool.close();
    await out.end();
  }
  const secs = (performance.now() - started) / 1000;
  io.err(
    `assessed ${done} profile${done === 1 ? '' : 's'} from ${lines} line${lines === 1 ? '' : 's'}, ${bad} bad, in ${secs.toFixed(2)} s${o.jobs > 1 ? ` with ${o.jobs} workers` : ''} → ${output === '-' ? 'standard output' : output}\n`,
  );
  return bad > 0 ? 2 : 0;
}
