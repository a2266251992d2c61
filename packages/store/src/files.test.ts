import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentFiles, FileTooLargeError, StoredFileError } from './files.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** a stream of `data` in chunks of `size` bytes */
const chunked = (data: Buffer, size = 1000) =>
  Readable.from(
    Array.from({ length: Math.ceil(data.length / size) }, (_, i) => data.subarray(i * size, (i + 1) * size)),
  );

const ORG = '0190a0b0-0000-7000-8000-000000000001';
const SERIES = '0190a0b0-0000-7000-8000-000000000002';

describe('DocumentFiles', () => {
  let dir: string;
  let files: DocumentFiles;
  const incoming = () => {
    const d = join(dir, 'documents', '.incoming');
    return existsSync(d) ? readdirSync(d) : [];
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'icpdesk-files-'));
    files = new DocumentFiles(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stages a stream: SHA-256, size and head computed on the way, bytes on disk', async () => {
    const data = randomBytes(250_000);
    const staged = await files.stage(chunked(data, 7000), 1_000_000);
    expect(staged.size).toBe(data.length);
    expect(staged.sha256).toBe(sha(data));
    expect(staged.head.equals(data.subarray(0, 64))).toBe(true);
    expect(readFileSync(staged.path).equals(data)).toBe(true);
    expect(staged.path.startsWith(join(dir, 'documents', '.incoming'))).toBe(true);
    await files.discard(staged);
    expect(incoming()).toEqual([]);
  });

  it('keeps the head across tiny chunks, and stages an empty stream', async () => {
    const data = Buffer.from(
      '%PDF-1.7 and more than sixty-four bytes of text, to fill the head and go past it',
    );
    const staged = await files.stage(chunked(data, 3), 1000);
    expect(staged.head.equals(data.subarray(0, 64))).toBe(true);
    const empty = await files.stage(Readable.from([]), 1000);
    expect(empty).toMatchObject({ size: 0, sha256: sha(Buffer.alloc(0)) });
    expect(empty.head.length).toBe(0);
  });

  it('fails past maxBytes and leaves nothing staged; exactly maxBytes is fine', async () => {
    await expect(files.stage(chunked(randomBytes(1001), 100), 1000)).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
    expect(incoming()).toEqual([]);
    const ok = await files.stage(chunked(randomBytes(1000), 100), 1000);
    expect(ok.size).toBe(1000);
  });

  it('a failing source leaves nothing staged', async () => {
    const source = new Readable({
      read() {
        this.push(Buffer.from('abc'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(files.stage(source, 1000)).rejects.toThrow('connection reset');
    expect(incoming()).toEqual([]);
  });

  it('builds stored paths from ids, version and hash only, and refuses anything else', () => {
    const h = sha(Buffer.from('x'));
    expect(files.relativePath(ORG, SERIES, 3, h)).toBe(`documents/${ORG}/${SERIES}/3-${h}`);
    expect(() => files.relativePath('../x', SERIES, 1, h)).toThrow();
    expect(() => files.relativePath(ORG, 'a/b', 1, h)).toThrow();
    expect(() => files.relativePath(ORG, SERIES, 0, h)).toThrow();
    expect(() => files.relativePath(ORG, SERIES, 1.5, h)).toThrow();
    expect(() => files.relativePath(ORG, SERIES, 1, 'abc')).toThrow();
  });

  it('refuses stored paths outside documents/ or inside the staging folder (a tampered row)', () => {
    for (const rel of [
      '../icpdesk.sqlite',
      'documents/../icpdesk.sqlite',
      'documents',
      '/etc/passwd',
      'documents/.incoming/x',
      'other/x',
    ])
      expect(() => files.absolute(rel), rel).toThrow();
    expect(files.absolute(`documents/${ORG}/x`)).toBe(join(dir, 'documents', ORG, 'x'));
  });

  it('places a staged file under its final name, replacing a leftover, and reads it back verified', async () => {
    const data = randomBytes(200_000);
    const staged = await files.stage(chunked(data), 1_000_000);
    const rel = files.relativePath(ORG, SERIES, 1, staged.sha256);
    mkdirSync(join(dir, 'documents', ORG, SERIES), { recursive: true });
    writeFileSync(join(dir, rel), 'leftover of an upload that never committed');
    await files.place(staged, rel);
    await files.discard(staged);
    expect(readFileSync(join(dir, rel)).equals(data)).toBe(true);
    const read = await buffer(await files.open(rel, { size: data.length, sha256: staged.sha256 }));
    expect(read.equals(data)).toBe(true);
  });

  it('reading a missing or resized file fails before any byte; a changed one fails before the last chunk', async () => {
    const data = randomBytes(300_000);
    const staged = await files.stage(chunked(data), 1_000_000);
    const rel = files.relativePath(ORG, SERIES, 1, staged.sha256);
    await files.place(staged, rel);
    const expected = { size: data.length, sha256: staged.sha256 };

    await expect(
      files.open(files.relativePath(ORG, SERIES, 2, staged.sha256), expected),
    ).rejects.toMatchObject({
      reason: 'missing',
    });
    await expect(files.open(rel, { ...expected, size: data.length + 1 })).rejects.toMatchObject({
      reason: 'damaged',
    });

    const changed = Buffer.from(data);
    changed[changed.length - 1] = (data[data.length - 1] ?? 0) ^ 0xff;
    writeFileSync(join(dir, rel), changed);
    const stream = await files.open(rel, expected);
    const received: Buffer[] = [];
    stream.on('data', (c: Buffer) => received.push(c));
    const error = await new Promise((resolve) => stream.on('error', resolve));
    expect(error).toBeInstanceOf(StoredFileError);
    expect((error as StoredFileError).reason).toBe('damaged');
    expect(Buffer.concat(received).length).toBeLessThan(data.length);
  });

  it('removes a stored file and its series folder once empty; a missing file is no error', async () => {
    const a = await files.stage(Readable.from([Buffer.from('one')]), 100);
    const b = await files.stage(Readable.from([Buffer.from('two')]), 100);
    const relA = files.relativePath(ORG, SERIES, 1, a.sha256);
    const relB = files.relativePath(ORG, SERIES, 2, b.sha256);
    await files.place(a, relA);
    await files.place(b, relB);
    await files.remove(relA);
    expect(existsSync(join(dir, relA))).toBe(false);
    expect(existsSync(join(dir, relB))).toBe(true);
    await files.remove(relB);
    expect(existsSync(join(dir, 'documents', ORG, SERIES))).toBe(false);
    await expect(files.remove(relB)).resolves.toBeUndefined();
  });

  it('sweeps staged files older than the limit only', async () => {
    const old = await files.stage(Readable.from([Buffer.from('old')]), 100);
    const fresh = await files.stage(Readable.from([Buffer.from('fresh')]), 100);
    const past = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(old.path, past, past);
    expect(await files.sweepIncoming(86_400_000)).toBe(1);
    expect(existsSync(old.path)).toBe(false);
    expect(existsSync(fresh.path)).toBe(true);
    expect(await new DocumentFiles(join(dir, 'nowhere')).sweepIncoming(1)).toBe(0);
  });
});
