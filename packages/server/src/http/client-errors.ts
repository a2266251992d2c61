/**
 * Requests Node's HTTP parser refuses before Fastify sees them (header fields over Node's maxHeaderSize, a
 * request that is not HTTP, a request too slow to arrive) are answered as problem+json too, in Chinese and
 * English as no Accept-Language could be read, and the connection is closed.
 */
import type { Socket } from 'node:net';
import { type ProblemCode, problems } from './problems.ts';
import { RAW_HEADERS } from './security-headers.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function codeOf(err: NodeJS.ErrnoException): ProblemCode {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'MALFORMED_REQUEST';
}

/** Fastify's clientErrorHandler */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const code = codeOf(err);
    const p = problems[code];
    const body = JSON.stringify({
      type: `https://icpdesk.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: `${p.zh} / ${p.en}`,
      status: p.status,
      code,
    });
    socket.write(
      `HTTP/1.1 ${p.status} ${REASONS[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${RAW_HEADERS}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
