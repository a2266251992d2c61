import { Writable } from 'node:stream';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { logOptions, redactUrl } from './log-options.ts';

describe('the log never holds a secret from a URL', () => {
  it('redacts invitation tokens in paths and token-like query parameters', () => {
    expect(redactUrl('/api/v1/invitations/accept/abcDEF123_-x?lang=en')).toBe(
      '/api/v1/invitations/accept/[redacted]?lang=en',
    );
    expect(redactUrl('/invite/abc')).toBe('/invite/[redacted]');
    expect(redactUrl('/api/v1/x?lang=zh&token=s3cr3t&limit=5')).toBe(
      '/api/v1/x?lang=zh&token=[redacted]&limit=5',
    );
    expect(redactUrl('/api/v1/companies?limit=5')).toBe('/api/v1/companies?limit=5');
  });

  it('a request for an invitation link is logged without its token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({ kb: loadKb(), rateLimitPerMinute: false, logger: logOptions('info', sink) });
    try {
      const secret = 'Zq9sEcReTtOkEn0123456789abcdefABCDEF-_xyz';
      await app.inject({ url: `/api/v1/invitations/accept/${secret}` });
      await app.inject({ url: `/invite/${secret}` });
      await app.inject({ url: `/api/v1/assess?token=${secret}` });
      const log = lines.join('');
      expect(log).toContain('[redacted]');
      expect(log).toContain('incoming request');
      expect(log).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
