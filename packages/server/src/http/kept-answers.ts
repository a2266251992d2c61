/**
 * Answers kept while an organisation's data stands still: the serialised body of a read, under a key naming
 * everything the body depends on (organisation, what the caller sees, the day, the URL), valid while the
 * organisation's audit version (@icpdesk/store audit-versions.ts) is the one it was made under. Every write
 * that changes compliance state leaves an audit entry and raises the version, in the database, so every
 * server process on that database stops serving its kept answer at once. Least recently used answers go
 * first once the bodies pass `maxBytes`.
 *
 * A body is kept as its UTF-8 bytes: sent as they are, a kept answer is neither encoded again nor measured
 * again for its Content-Length (for a text of Chinese and English, both cost as much as the rest of a read).
 * A client that accepts gzip (every browser) gets the body gzipped, compressed once, when first asked for:
 * writing a fifth of the bytes to the socket costs the server less than the rest of the request.
 */
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Kept {
  key: string;
  version: number;
  body: Buffer;
  /** the body gzipped, made when a client that accepts gzip first asks */
  gzip?: Buffer;
}

/** bodies this small go as they are: gzip's header and the work would outweigh what it saves */
const GZIP_MIN_BYTES = 1024;
/** bodies this large go as they are: compressing them at once would hold up every other request */
const GZIP_MAX_BYTES = 4 * 1024 * 1024;

export class KeptAnswers {
  readonly #answers = new Map<string, Kept>();
  #size = 0;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {}

  /** the answer kept under `key` at `version`, if any */
  get(key: string, version: number): Kept | undefined {
    const kept = this.#answers.get(key);
    if (!kept) return undefined;
    this.#answers.delete(key);
    if (kept.version !== version) {
      this.#size -= sizeOf(kept);
      return undefined;
    }
    this.#answers.set(key, kept); // the most recently used last
    return kept;
  }

  set(key: string, version: number, body: Buffer): Kept {
    const old = this.#answers.get(key);
    if (old) this.#size -= sizeOf(old);
    this.#answers.delete(key);
    const kept: Kept = { key, version, body };
    if (body.length > this.maxBytes) return kept;
    this.#answers.set(key, kept);
    this.#size += body.length;
    this.#trim();
    return kept;
  }

  /** sends a kept answer as it is (no second serialisation, no encoding), gzipped when the client accepts it */
  send(req: FastifyRequest, reply: FastifyReply, kept: Kept) {
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    const { length } = kept.body;
    if (length < GZIP_MIN_BYTES || length > GZIP_MAX_BYTES || !acceptsGzip(req.headers['accept-encoding']))
      return reply.send(kept.body);
    if (!kept.gzip) {
      kept.gzip = gzipSync(kept.body);
      if (this.#answers.get(kept.key) === kept) {
        this.#size += kept.gzip.length;
        this.#trim();
      }
    }
    return reply.header('content-encoding', 'gzip').send(kept.gzip);
  }

  #trim() {
    for (const [k, v] of this.#answers) {
      if (this.#size <= this.maxBytes) break;
      this.#answers.delete(k);
      this.#size -= sizeOf(v);
    }
  }
}

const sizeOf = (k: Kept) => k.body.length + (k.gzip?.length ?? 0);

/** whether an Accept-Encoding header allows gzip: named with a weight above 0, or else `*` so */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  let star = false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') star = allowed;
  }
  return star;
}
