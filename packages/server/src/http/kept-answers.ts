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
 */
import type { FastifyReply } from 'fastify';

interface Kept {
  version: number;
  body: Buffer;
}

export class KeptAnswers {
  readonly #answers = new Map<string, Kept>();
  #size = 0;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {}

  /** the body kept under `key` at `version`, if any */
  get(key: string, version: number): Buffer | undefined {
    const kept = this.#answers.get(key);
    if (!kept) return undefined;
    this.#answers.delete(key);
    if (kept.version !== version) {
      this.#size -= kept.body.length;
      return undefined;
    }
    this.#answers.set(key, kept); // the most recently used last
    return kept.body;
  }

  set(key: string, version: number, body: Buffer): void {
    const old = this.#answers.get(key);
    if (old) this.#size -= old.body.length;
    this.#answers.delete(key);
    if (body.length > this.maxBytes) return;
    this.#answers.set(key, { version, body });
    this.#size += body.length;
    for (const [k, v] of this.#answers) {
      if (this.#size <= this.maxBytes) break;
      this.#answers.delete(k);
      this.#size -= v.body.length;
    }
  }
}

/** sends a serialised JSON body as it is (no second serialisation, no encoding) */
export const sendJson = (reply: FastifyReply, body: Buffer) =>
  reply.type('application/json; charset=utf-8').send(body);
