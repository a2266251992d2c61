/**
 * A store for @fastify/rate-limit that counts in the database (the store's rate_limits table), so that the
 * anonymous endpoints' limit per client address holds across every server process on one database. Each
 * route counts on its own, as the plugin's in-memory store does (one allowance per route and address).
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { countRequest, type Db } from '@icpdesk/store';

export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    /** the route whose requests this store counts ('' for the plugin's global store, which counts none) */
    route = '';

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      countRequest(db, {
        kind: `anonymous ${this.route}`,
        subject: key,
        limit: { max, windowMs: timeWindow },
      }).then(
        (r) => callback(null, { current: r.count, ttl: r.resetsInMs }),
        (e: Error) => callback(e),
      );
    }

    /** the plugin passes the route's merged settings, the route itself as `routeInfo` (not as typed) */
    child(settings: object): FastifyRateLimitStore {
      const route = (settings as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      const store = new DatabaseStore();
      store.route = `${String(route?.method ?? '')} ${String(route?.url ?? '')}`;
      return store;
    }
  }
  return DatabaseStore;
}
