/**
 * Document files under the data directory. The user's file name never reaches the disk: a file lives at
 *
 *   <dataDir>/documents/<organisationId>/<seriesId>/<version>-<sha256>
 *
 * (content-addressed within its series; every component is an id, a number or a hash, checked here), and the
 * database row keeps that path relative to the data directory.
 *
 * An upload is staged first — streamed into `documents/.incoming/<random>` while its SHA-256, size and first
 * bytes are computed, then fsynced — so that nothing of a refused upload (too large, wrong type) is left
 * behind, and so that the final name (which contains the hash) is known before the file is placed. Placing
 * hard-links the staged file under its final name (same filesystem, atomic) and fsyncs the directory; the
 * staged name is removed afterwards either way. Reading checks the size before the first byte goes out and
 * the SHA-256 while streaming: the last chunk is held back until the hash matches, so a damaged file never
 * reaches a client whole (the response breaks off short of its Content-Length instead).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** the folder under the data directory that holds documents */
export const DOCUMENTS_DIR = 'documents';
const INCOMING_DIR = '.incoming';
/** how many leading bytes are kept for type detection */
const HEAD_BYTES = 64;

export interface StagedFile {
  /** absolute path of the staged copy */
  readonly path: string;
  readonly size: number;
  /** lower-case hex */
  readonly sha256: string;
  /** the first bytes (up to 64), for detecting the type */
  readonly head: Buffer;
}

/** the staged stream passed `maxBytes` */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** a stored file is missing, or its size or SHA-256 differs from its row */
export class StoredFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'damaged',
    readonly relativePath: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoredFileError';
  }
}

const ID = /^[0-9A-Za-z-]{1,100}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** hashes, counts and keeps the head of what passes through; fails past maxBytes */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new FileTooLargeError(this.maxBytes));
      return;
    }
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/** passes a stored file through, holding the last chunk back until size and SHA-256 match the row */
class Verify extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private held: Buffer | undefined;

  constructor(
    private readonly expected: { size: number; sha256: string },
    private readonly rel: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    const previous = this.held;
    this.held = chunk;
    if (previous) this.push(previous);
    done();
  }

  override _flush(done: TransformCallback): void {
    const sha256 = this.hash.digest('hex');
    if (this.size === this.expected.size && sha256 === this.expected.sha256) done(null, this.held);
    else
      done(
        new StoredFileError(
          'damaged',
          this.rel,
          `${this.rel}: ${this.size} bytes with SHA-256 ${sha256}, expected ${this.expected.size} bytes with ${this.expected.sha256}`,
        ),
      );
  }
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

/** fsync a directory, so that a new or removed name in it survives a crash */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class DocumentFiles {
  /** the absolute data directory */
  readonly root: string;
  private readonly documents: string;
  private readonly incoming: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir);
    this.documents = join(this.root, DOCUMENTS_DIR);
    this.incoming = join(this.documents, INCOMING_DIR);
  }

  /** the stored path of a version, relative to the data directory (always with "/") */
  relativePath(organisationId: string, seriesId: string, version: number, sha256: string): string {
    if (!ID.test(organisationId) || !ID.test(seriesId) || !Number.isSafeInteger(version) || version < 1)
      throw new Error(`not a valid document location: ${organisationId}/${seriesId}/${version}`);
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return `${DOCUMENTS_DIR}/${organisationId}/${seriesId}/${version}-${sha256}`;
  }

  /** the absolute path of a stored file; throws unless it lies inside documents/ (a tampered row) */
  absolute(rel: string): string {
    const abs = resolve(this.root, rel);
    const inside = relative(this.documents, abs);
    if (!inside || isAbsolute(inside) || inside.split(sep).includes('..'))
      throw new Error(`stored path ${rel} is outside ${this.documents}`);
    if (inside.split(sep)[0] === INCOMING_DIR) throw new Error(`stored path ${rel} is a staging path`);
    return abs;
  }

  /**
   * Streams `source` into a new staged file, computing its SHA-256, size and head, and fsyncs it. Throws
   * FileTooLargeError past `maxBytes`; on any failure the staged file is removed.
   */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    await mkdir(this.incoming, { recursive: true, mode: 0o700 });
    const path = join(this.incoming, `${Date.now()}-${randomBytes(12).toString('hex')}`);
    const digest = new Digest(maxBytes);
    // the file exists before the pipeline starts, so that the cleanup below always finds it
    const fh = await open(path, 'wx', 0o600);
    try {
      await pipeline(source, digest, fh.createWriteStream());
      const again = await open(path, 'r+');
      try {
        await again.sync();
      } finally {
        await again.close();
      }
    } catch (e) {
      await fh.close().catch(() => {});
      await rm(path, { force: true });
      throw e;
    }
    return { path, size: digest.size, sha256: digest.hash.digest('hex'), head: digest.head() };
  }

  /** removes a staged file (nothing when it is gone already) */
  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.path, { force: true });
  }

  /**
   * Links a staged file under its final relative path, replacing a file left there by an upload that never
   * committed (the caller holds the series lock, so no live upload owns that name), and fsyncs the folder.
   */
  async place(staged: StagedFile, rel: string): Promise<void> {
    const target = this.absolute(rel);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      await link(staged.path, target);
    } catch (e) {
      if (errno(e) !== 'EEXIST') throw e;
      await unlink(target);
      await link(staged.path, target);
    }
    await syncDir(dir);
  }

  /** removes a stored file and its series folder once empty; a missing file is not an error */
  async remove(rel: string): Promise<void> {
    const target = this.absolute(rel);
    try {
      await unlink(target);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw e;
      return;
    }
    const dir = dirname(target);
    await syncDir(dir).catch(() => {});
    await rmdir(dir).catch(() => {}); // ENOTEMPTY while other versions remain
  }

  /**
   * A stream of a stored file that fails (StoredFileError) when the file is missing or its size differs —
   * before any byte is read — or when its SHA-256 differs, before the last chunk is passed on.
   */
  async open(rel: string, expected: { size: number; sha256: string }): Promise<Readable> {
    const path = this.absolute(rel);
    let size: number;
    try {
      const s = await stat(path);
      if (!s.isFile()) throw new StoredFileError('missing', rel, `${rel} is not a file`);
      size = s.size;
    } catch (e) {
      if (e instanceof StoredFileError) throw e;
      if (errno(e) === 'ENOENT') throw new StoredFileError('missing', rel, `${rel} is missing`);
      throw e;
    }
    if (size !== expected.size)
      throw new StoredFileError('damaged', rel, `${rel} has ${size} bytes, expected ${expected.size}`);
    const verify = new Verify(expected, rel);
    const source = createReadStream(path);
    source.on('error', (e) => verify.destroy(e));
    return source.pipe(verify);
  }

  /** removes staged files older than `olderThanMs` (left by a crash mid-upload); returns how many */
  async sweepIncoming(olderThanMs: number, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.incoming);
    } catch (e) {
      if (errno(e) === 'ENOENT') return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.incoming, name);
      const s = await stat(path).catch(() => undefined);
      if (s && now - s.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
