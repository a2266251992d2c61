/**
 * What the server's log may say about a request. Secrets that travel in a URL — an invitation link's token
 * (/api/v1/invitations/accept/<token>, the web app's /invite/<token>) and any token-like query parameter —
 * are replaced by "[redacted]" before a line is written; headers (cookies, Authorization) are never logged.
 */
import type { FastifyServerOptions } from 'fastify';

const SECRET_SEGMENT = /(\/(?:invitations\/accept|invite|reset-password|reset)\/)[^/?#]+/gi;
const SECRET_QUERY = /([?&](?:token|secret|key|password|code|invitation)=)[^&#]*/gi;

/** the URL with secrets in its path and query replaced */
export function redactUrl(url: string): string {
  return url.replace(SECRET_SEGMENT, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** pino options for the server: the level, and a request serializer that redacts URLs */
export function logOptions(
  level: string,
  stream?: NodeJS.WritableStream,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.hostname,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
}
