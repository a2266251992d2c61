import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { chinaDate } from '@icpdesk/engine';
import { createApiToken, roles, SESSION_COOKIE } from '@icpdesk/store';
import { forEachDb, seedApplication, seedCompany } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type Actor, httpHarness, isWriter } from '../../../test/http-harness.ts';

// ------------------------------------------------------------------ files of each type, by their magic bytes

const pdf = (text = 'hello') =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]);
const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00'), randomBytes(64)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** upload fields; undefined ones are left out */
type Fields = Record<string, string | undefined>;

type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; type?: string; rawDisposition?: string };

/** a multipart/form-data body, built by hand so that odd names and orders can be sent */
function multipart(parts: Part[]) {
  const boundary = `----icpdesk${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('value' in p) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      const disposition = p.rawDisposition ?? `form-data; name="${p.name}"; filename="${p.filename}"`;
      chunks.push(
        Buffer.from(
          `Content-Disposition: ${disposition}\r\nContent-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        p.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** every file under a directory, relative to it */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

forEachDb('documents routes', (t) => {
  // documents go under the suite's own data directory
  const h = httpHarness(t, {
    get dataDir() {
      return t.dir;
    },
  });
  const docsDir = () => join(t.dir, 'documents');
  // an answered upload, refused or stored, leaves nothing in the staging folder
  afterEach(() => {
    expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
  });

  const upload = (
    actor: Actor | undefined,
    fields: Fields,
    file?: { filename?: string; content?: Buffer; type?: string } | null,
    extra: { url?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ) => {
    const parts: Part[] = Object.entries(fields).flatMap(([name, value]) =>
      value === undefined ? [] : [{ name, value }],
    );
    if (file !== null)
      parts.push({
        name: 'file',
        filename: file?.filename ?? '营业执照.pdf',
        content: file?.content ?? pdf(),
        ...(file?.type ? { type: file.type } : {}),
      });
    const body = multipart(parts);
    return h.call(actor, {
      method: 'POST',
      url: extra.url ?? '/api/v1/documents',
      payload: body.payload,
      headers: { ...body.headers, ...(extra.headers ?? {}) },
      ...(extra.csrf === false ? { csrf: false } : {}),
    });
  };

  /** a document uploaded by A's owner; returns its API body */
  const seedDoc = async (fields: Fields = {}, file?: { filename?: string; content?: Buffer }) => {
    const links = 'applicationId' in fields || 'seriesId' in fields ? {} : { companyId: h.linked };
    const res = await upload(h.as.owner, { ...links, ...fields }, file);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; seriesId: string; version: number; sha256: string; companyId: string };
  };

  const rowCount = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('documents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** the limit the server applies: the kb parameter as of today */
  const maxBytes = () => {
    const p = h.kb.parameterAt('document-max-bytes', chinaDate(new Date()));
    if (typeof p?.value !== 'number') throw new Error('kb has no document-max-bytes today');
    return p.value;
  };

  describe('each route × each role', () => {
    for (const role of roles) {
      const writer = isWriter(role);
      const uploads = writer || role === 'client';

      it(`${role}: upload to a linked company ${uploads ? 'allowed' : 'denied'}`, async () => {
        const before = await rowCount();
        const res = await upload(h.as[role], { companyId: h.linked });
        expect(res.statusCode, res.body).toBe(uploads ? 201 : 403);
        if (uploads) {
          expect(res.json()).toMatchObject({
            companyId: h.linked,
            version: 1,
            uploadedBy: h.as[role].userId,
          });
          expect(res.headers.location).toBe(`/api/v1/documents/${res.json().id}`);
        } else {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json().code).toBe('FORBIDDEN');
          expect(await rowCount()).toBe(before);
        }
      });

      it(`${role}: upload to an unlinked company ${writer ? 'allowed' : role === 'client' ? 'not found' : 'denied'}`, async () => {
        const res = await upload(h.as[role], { companyId: h.unlinked });
        expect(res.statusCode).toBe(writer ? 201 : role === 'client' ? 404 : 403);
      });

      it(`${role}: list, get, versions and content`, async () => {
        const mine = await seedDoc();
        const other = await seedDoc({ companyId: h.unlinked });
        const list = await h.call(h.as[role], { url: '/api/v1/documents?limit=100' });
        expect(list.statusCode).toBe(200);
        const companies = new Set(list.json().items.map((d: { companyId: string }) => d.companyId));
        if (role === 'client') expect([...companies]).toEqual([h.linked]);
        else expect(companies).toEqual(new Set([h.linked, h.unlinked]));

        for (const suffix of ['', '/versions', '/content']) {
          const res = await h.call(h.as[role], { url: `/api/v1/documents/${mine.id}${suffix}` });
          expect(res.statusCode, suffix).toBe(200);
          const hidden = await h.call(h.as[role], { url: `/api/v1/documents/${other.id}${suffix}` });
          expect(hidden.statusCode, suffix).toBe(role === 'client' ? 404 : 200);
          if (role === 'client') expect(hidden.body).not.toContain('%PDF');
        }
      });

      it(`${role}: delete ${writer ? 'allowed' : 'denied'}`, async () => {
        const doc = await seedDoc();
        const res = await h.call(h.as[role], { method: 'DELETE', url: `/api/v1/documents/${doc.id}` });
        expect(res.statusCode).toBe(writer ? 204 : 403);
        if (!writer) expect(res.json().code).toBe('FORBIDDEN');
        const row = await t.db.kysely
          .selectFrom('documents')
          .select('storage_path')
          .where('id', '=', doc.id)
          .executeTakeFirst();
        expect(row === undefined).toBe(writer);
      });
    }

    it('client: uploads to an application of its linked company, not to one of another company', async () => {
      const app = await seedApplication(t.db, h.orgA, h.linked);
      const hidden = await seedApplication(t.db, h.orgA, h.unlinked);
      const ok = await upload(h.as.client, { applicationId: app, checklistItem: 'business-licence' });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({
        applicationId: app,
        companyId: h.linked,
        checklistItem: 'business-licence',
      });
      const no = await upload(h.as.client, { applicationId: hidden });
      expect(no.statusCode).toBe(404);
      expect(no.json().code).toBe('NOT_FOUND');
    });

    it('client: may add a version to a series of its linked company, not of another', async () => {
      const mine = await seedDoc();
      const other = await seedDoc({ companyId: h.unlinked });
      const ok = await upload(h.as.client, { seriesId: mine.seriesId });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().version).toBe(2);
      const no = await upload(h.as.client, { seriesId: other.seriesId });
      expect(no.statusCode).toBe(404);
    });

    it('without a session: 401 on every route', async () => {
      const doc = await seedDoc();
      for (const [method, url] of [
        ['GET', '/api/v1/documents'],
        ['POST', '/api/v1/documents'],
        ['GET', `/api/v1/documents/${doc.id}`],
        ['GET', `/api/v1/documents/${doc.id}/versions`],
        ['GET', `/api/v1/documents/${doc.id}/content`],
        ['DELETE', `/api/v1/documents/${doc.id}`],
      ] as const) {
        const res =
          method === 'POST'
            ? await upload(undefined, { companyId: h.linked })
            : await h.call(undefined, { method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
        expect(res.body).not.toContain('%PDF');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const doc = await seedDoc();
      const before = await rowCount();
      const post = await upload(h.as.owner, { companyId: h.linked }, undefined, { csrf: false });
      const del = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/documents/${doc.id}`,
        csrf: false,
      });
      for (const res of [post, del]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('CSRF_FAILED');
      }
      expect(await rowCount()).toBe(before);
    });
  });

  describe('tenancy', () => {
    it("another organisation's document is 404 on every route, and no byte of it is sent", async () => {
      const secret = pdf('secret of A');
      const doc = await seedDoc({}, { content: secret });
      for (const [method, suffix] of [
        ['GET', ''],
        ['GET', '/versions'],
        ['GET', '/content'],
        ['HEAD', '/content'],
        ['DELETE', ''],
      ] as const) {
        const res = await h.call(h.outsider, { method, url: `/api/v1/documents/${doc.id}${suffix}` });
        expect(res.statusCode, `${method} ${suffix}`).toBe(404);
        expect(res.body).not.toContain('secret of A');
        expect(res.headers.etag).toBeUndefined();
        expect(res.headers['content-disposition']).toBeUndefined();
      }
      const list = await h.call(h.outsider, { url: `/api/v1/documents?companyId=${h.linked}&latest=false` });
      expect(list.json().items).toEqual([]);
      const series = await upload(h.outsider, { seriesId: doc.seriesId });
      expect(series.statusCode).toBe(404);
      expect(
        await t.db.kysely.selectFrom('documents').select('id').where('id', '=', doc.id).executeTakeFirst(),
      ).toBeDefined();
    });

    it("uploading to another organisation's company, application or series: 404, nothing stored", async () => {
      const theirApp = await seedApplication(t.db, h.orgB, h.theirs);
      const before = await rowCount();
      const filesBefore = filesUnder(docsDir());
      for (const fields of [
        { companyId: h.theirs },
        { applicationId: theirApp },
        { companyId: h.linked, applicationId: theirApp },
      ]) {
        const res = await upload(h.as.owner, fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
      expect(await rowCount()).toBe(before);
      expect(filesUnder(docsDir())).toEqual(filesBefore);
    });

    it('files of each organisation live under its own folder, named by version and hash only', async () => {
      const content = pdf('placement');
      const doc = await seedDoc({}, { filename: '我的 文件.pdf', content });
      const row = await t.db.kysely
        .selectFrom('documents')
        .selectAll()
        .where('id', '=', doc.id)
        .executeTakeFirstOrThrow();
      expect(row.storage_path).toBe(`documents/${h.orgA}/${doc.seriesId}/1-${sha(content)}`);
      expect(readFileSync(join(t.dir, row.storage_path)).equals(content)).toBe(true);
      expect(filesUnder(docsDir()).some((f) => f.includes('文件'))).toBe(false);
    });
  });

  describe('upload checks', () => {
    it('stores the bytes with their SHA-256 and size, the type detected from the content', async () => {
      const content = pdf('sha');
      const res = await upload(
        h.as.consultant,
        { companyId: h.linked },
        { filename: 'a.pdf', content, type: 'image/png' },
      );
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        sha256: sha(content),
        sizeBytes: content.length,
        contentType: 'application/pdf',
        fileName: 'a.pdf',
        checklistItem: null,
        applicationId: null,
      });
      for (const [file, type] of [
        [{ filename: '照片.JPG', content: jpeg() }, 'image/jpeg'],
        [{ filename: 'scan.jpeg', content: jpeg() }, 'image/jpeg'],
        [{ filename: 'chart.png', content: png() }, 'image/png'],
      ] as const) {
        const r = await upload(h.as.consultant, { companyId: h.linked }, file);
        expect(r.statusCode, file.filename).toBe(201);
        expect(r.json().contentType).toBe(type);
      }
    });

    it('a file of the exact size limit is accepted; one byte more is 413 with no row and no file left', async () => {
      const exact = Buffer.alloc(maxBytes(), 0x20);
      pdf().copy(exact);
      const ok = await upload(h.as.owner, { companyId: h.linked }, { filename: 'big.pdf', content: exact });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().sizeBytes).toBe(maxBytes());

      const before = await rowCount();
      const filesBefore = filesUnder(docsDir());
      const over = Buffer.alloc(maxBytes() + 1, 0x20);
      pdf().copy(over);
      const res = await upload(h.as.owner, { companyId: h.linked }, { filename: 'big.pdf', content: over });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
      expect(await rowCount()).toBe(before);
      expect(filesUnder(docsDir())).toEqual(filesBefore);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('an oversized upload with fields after the file is 413 too', async () => {
      const over = Buffer.alloc(maxBytes() + 4096, 0x20);
      pdf().copy(over);
      const body = multipart([
        { name: 'file', filename: 'big.pdf', content: over },
        { name: 'companyId', value: h.linked },
      ]);
      const res = await h.call(h.as.owner, { method: 'POST', url: '/api/v1/documents', ...body });
      expect(res.statusCode).toBe(413);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('the type is judged by the content: an .exe renamed .pdf is 415, and so is a type the item does not take', async () => {
      const before = await rowCount();
      const renamed = await upload(
        h.as.owner,
        { companyId: h.linked },
        { filename: 'invoice.pdf', content: exe(), type: 'application/pdf' },
      );
      expect(renamed.statusCode).toBe(415);
      expect(renamed.json().code).toBe('UNSUPPORTED_DOCUMENT_TYPE');
      const text = await upload(
        h.as.owner,
        { companyId: h.linked },
        { filename: 'notes.pdf', content: Buffer.from('just text') },
      );
      expect(text.statusCode).toBe(415);
      // application-form takes PDF only
      const image = await upload(
        h.as.owner,
        { companyId: h.linked, checklistItem: 'application-form' },
        { filename: 'form.png', content: png() },
      );
      expect(image.statusCode).toBe(415);
      expect(image.json().detail).toBe('文件内容为 PNG；材料 application-form 接受 PDF');
      expect(await rowCount()).toBe(before);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('the extension must agree with the content: 400 FILE_EXTENSION_MISMATCH', async () => {
      for (const filename of ['scan.png', 'scan', 'scan.pdf.exe', '.pdf']) {
        const res = await upload(h.as.owner, { companyId: h.linked }, { filename, content: pdf() });
        expect(res.statusCode, filename).toBe(400);
        expect(res.json().code).toBe('FILE_EXTENSION_MISMATCH');
      }
    });

    it('path-like and hostile file names: 400 INVALID_FILE_NAME, nothing stored', async () => {
      const before = await rowCount();
      for (const filename of [
        '../../etc/passwd.pdf',
        '..\\..\\boot.pdf',
        'a/b.pdf',
        '/abs.pdf',
        'C:\\Users\\x\\y.pdf',
        '..',
        '.',
        '   ',
        'tab\there.pdf',
        'bell\u0007.pdf',
        'nul\u0000.pdf',
        'invoice\u202Efdp.exe',
        `${'长'.repeat(90)}.pdf`,
      ]) {
        const res = await upload(h.as.owner, { companyId: h.linked }, { filename, content: pdf() });
        expect(res.statusCode, JSON.stringify(filename)).toBe(400);
        expect(res.json().code, JSON.stringify(filename)).toBe('INVALID_FILE_NAME');
      }
      expect(await rowCount()).toBe(before);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('Chinese names are kept as sent (raw UTF-8 or RFC 5987 filename*), NFC-normalised', async () => {
      const raw = await upload(h.as.owner, { companyId: h.linked }, { filename: '营业执照（副本）2026.pdf' });
      expect(raw.statusCode, raw.body).toBe(201);
      expect(raw.json().fileName).toBe('营业执照（副本）2026.pdf');
      const body = multipart([
        { name: 'companyId', value: h.linked },
        {
          name: 'file',
          filename: '',
          content: pdf(),
          rawDisposition: `form-data; name="file"; filename*=UTF-8''${encodeURIComponent('法定代表人身份证.pdf')}`,
        },
      ]);
      const star = await h.call(h.as.owner, { method: 'POST', url: '/api/v1/documents', ...body });
      expect(star.statusCode, star.body).toBe(201);
      expect(star.json().fileName).toBe('法定代表人身份证.pdf');
      const nfd = await upload(h.as.owner, { companyId: h.linked }, { filename: 'Re\u0301sume\u0301.pdf' });
      expect(nfd.json().fileName).toBe('Résumé.pdf');
    });

    it('an empty file is 400 EMPTY_FILE; no file part is 400 FILE_REQUIRED', async () => {
      const empty = await upload(
        h.as.owner,
        { companyId: h.linked },
        { filename: 'empty.pdf', content: Buffer.alloc(0) },
      );
      expect(empty.statusCode).toBe(400);
      expect(empty.json().code).toBe('EMPTY_FILE');
      const none = await upload(h.as.owner, { companyId: h.linked }, null);
      expect(none.statusCode).toBe(400);
      expect(none.json().code).toBe('FILE_REQUIRED');
      const unchosen = await upload(
        h.as.owner,
        { companyId: h.linked },
        { filename: '', content: Buffer.alloc(0) },
      );
      expect(unchosen.statusCode).toBe(400);
      expect(unchosen.json().code).toBe('FILE_REQUIRED');
      const nothing = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/documents',
        payload: '',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      });
      expect(nothing.statusCode).toBe(400);
      expect(nothing.json().code).toBe('FILE_REQUIRED');
    });

    it('two files are 400 TOO_MANY_FILES, with nothing stored', async () => {
      const before = await rowCount();
      const body = multipart([
        { name: 'companyId', value: h.linked },
        { name: 'file', filename: 'a.pdf', content: pdf() },
        { name: 'file', filename: 'b.pdf', content: pdf() },
      ]);
      const res = await h.call(h.as.owner, { method: 'POST', url: '/api/v1/documents', ...body });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('TOO_MANY_FILES');
      expect(await rowCount()).toBe(before);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('malformed requests are 4xx with a code, never 500', async () => {
      /** text fields (name, value pairs, in order) and then a PDF in "file" */
      const withPdf = (...fields: [string, string][]) =>
        multipart([
          ...fields.map(([name, value]) => ({ name, value })),
          { name: 'file', filename: 'a.pdf', content: pdf() },
        ]);
      const complete = withPdf(['companyId', h.linked]);
      const cases: [string, Parameters<typeof h.call>[1], number, string][] = [
        ['JSON instead of multipart', { payload: { companyId: h.linked } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [
          'plain text',
          { payload: 'x', headers: { 'content-type': 'text/plain' } },
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        ],
        [
          'no boundary',
          { payload: 'x', headers: { 'content-type': 'multipart/form-data' } },
          400,
          'MALFORMED_MULTIPART',
        ],
        [
          'cut off mid-file',
          { payload: complete.payload.subarray(0, complete.payload.length - 30), headers: complete.headers },
          400,
          'MALFORMED_MULTIPART',
        ],
        ['unknown field', withPdf(['companyId', h.linked], ['owner', 'x']), 400, 'VALIDATION_FAILED'],
        ['field twice', withPdf(['companyId', h.linked], ['companyId', h.linked]), 400, 'VALIDATION_FAILED'],
        ['field too long', withPdf(['companyId', 'x'.repeat(5000)]), 400, 'VALIDATION_FAILED'],
        [
          'file in another field',
          multipart([
            { name: 'companyId', value: h.linked },
            { name: 'upload', filename: 'a.pdf', content: pdf() },
          ]),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'too many fields',
          withPdf(...Array.from({ length: 12 }, (_, i): [string, string] => [`f${i}`, 'x'])),
          400,
          'VALIDATION_FAILED',
        ],
        [
          'unknown checklist item',
          withPdf(['companyId', h.linked], ['checklistItem', 'no-such-item']),
          400,
          'UNKNOWN_CHECKLIST_ITEM',
        ],
        ['no company, application or series', withPdf(), 400, 'DOCUMENT_LINK_REQUIRED'],
        ['empty companyId', withPdf(['companyId', '']), 400, 'VALIDATION_FAILED'],
        ['unknown company', withPdf(['companyId', 'nope']), 404, 'NOT_FOUND'],
        ['unknown application', withPdf(['applicationId', 'nope']), 404, 'NOT_FOUND'],
        ['unknown series', withPdf(['seriesId', 'nope']), 404, 'NOT_FOUND'],
      ];
      const before = await rowCount();
      for (const [what, opts, status, code] of cases) {
        const res = await h.call(h.as.owner, { method: 'POST', url: '/api/v1/documents', ...opts });
        expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
        expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
        expect(res.json().code, what).toBe(code);
      }
      expect(await rowCount()).toBe(before);
      expect(filesUnder(join(docsDir(), '.incoming'))).toEqual([]);
    });

    it('an application of another company than companyId: 400 APPLICATION_COMPANY_MISMATCH', async () => {
      const app = await seedApplication(t.db, h.orgA, h.unlinked);
      const res = await upload(h.as.owner, { companyId: h.linked, applicationId: app });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('APPLICATION_COMPANY_MISMATCH');
      const ok = await upload(h.as.owner, { applicationId: app });
      expect(ok.json()).toMatchObject({ companyId: h.unlinked, applicationId: app });
    });

    it('problems speak English on request', async () => {
      const res = await upload(
        h.as.owner,
        { companyId: h.linked },
        { filename: 'x.pdf', content: exe() },
        {
          url: '/api/v1/documents?lang=en',
        },
      );
      expect(res.json().title).toBe(
        'This file type is not accepted (judged by the content, not the extension)',
      );
      const zh = await upload(h.as.owner, { companyId: h.linked }, { filename: 'x.pdf', content: exe() });
      expect(zh.json().title).toBe('不接受该文件格式（以文件内容判断，不看扩展名）');
    });
  });

  describe('versions', () => {
    it('versions 1..3 of a series, listed oldest first; the list shows only the newest unless latest=false', async () => {
      const company = await seedCompany(t.db, h.orgA);
      const contents = [pdf('v1'), pdf('v2'), pdf('v3')];
      const first = await seedDoc(
        { companyId: company, checklistItem: 'business-licence' },
        { content: contents[0]! },
      );
      const second = await upload(
        h.as.owner,
        { seriesId: first.seriesId },
        { filename: 'v2.pdf', content: contents[1]! },
      );
      const third = await upload(
        h.as.consultant,
        { seriesId: first.seriesId, companyId: company },
        { filename: 'v3.png', content: png() },
      );
      expect(first).toMatchObject({ version: 1, seriesId: first.id });
      expect(second.json()).toMatchObject({
        version: 2,
        seriesId: first.id,
        companyId: company,
        checklistItem: 'business-licence',
      });
      expect(third.json()).toMatchObject({ version: 3, seriesId: first.id, contentType: 'image/png' });

      const versions = await h.call(h.as.viewer, { url: `/api/v1/documents/${second.json().id}/versions` });
      expect(versions.json().items.map((d: { version: number }) => d.version)).toEqual([1, 2, 3]);
      expect(versions.json().items[1].sha256).toBe(sha(contents[1]!));

      const latest = await h.call(h.as.viewer, { url: `/api/v1/documents?companyId=${company}` });
      expect(latest.json().items.map((d: { id: string }) => d.id)).toEqual([third.json().id]);
      const all = await h.call(h.as.viewer, {
        url: `/api/v1/documents?companyId=${company}&latest=false&sort=uploadedAt`,
      });
      expect(all.json().items.map((d: { version: number }) => d.version)).toEqual([1, 2, 3]);
      const series = await h.call(h.as.viewer, {
        url: `/api/v1/documents?seriesId=${first.seriesId}&latest=false`,
      });
      expect(series.json().items.map((d: { version: number }) => d.version)).toEqual([3, 2, 1]);

      // each version's own bytes
      const v2 = await h.call(h.as.viewer, { url: `/api/v1/documents/${second.json().id}/content` });
      expect(v2.rawPayload.equals(contents[1]!)).toBe(true);
    });

    it("a new version keeps its series' links: different ones are 400, and the item's types apply", async () => {
      const app = await seedApplication(t.db, h.orgA, h.linked);
      const first = await seedDoc({ applicationId: app, checklistItem: 'application-form' });
      for (const fields of [
        { companyId: h.unlinked },
        { applicationId: 'other' },
        { checklistItem: 'business-licence' },
      ]) {
        const res = await upload(h.as.owner, { seriesId: first.seriesId, ...fields });
        expect(res.statusCode, JSON.stringify(fields)).toBe(400);
        expect(res.json().code).toBe('SERIES_LINK_MISMATCH');
      }
      const image = await upload(
        h.as.owner,
        { seriesId: first.seriesId },
        { filename: 'form.png', content: png() },
      );
      expect(image.statusCode).toBe(415);
    });

    it('concurrent uploads to one series get distinct consecutive versions', async () => {
      const first = await seedDoc({ companyId: h.unlinked });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          upload(
            h.as.owner,
            { seriesId: first.seriesId },
            { filename: `v${i}.pdf`, content: pdf(`parallel ${i}`) },
          ),
        ),
      );
      for (const r of results) expect(r.statusCode, r.body).toBe(201);
      expect(results.map((r) => r.json().version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
      const rows = await t.db.kysely
        .selectFrom('documents')
        .select(['version', 'sha256', 'storage_path'])
        .where('series_id', '=', first.seriesId)
        .orderBy('version')
        .execute();
      for (const r of rows) {
        expect(r.storage_path.endsWith(`/${r.version}-${r.sha256}`)).toBe(true);
        expect(sha(readFileSync(join(t.dir, r.storage_path)))).toBe(r.sha256);
      }
    });

    it('the same bytes uploaded twice are two versions with two files', async () => {
      const content = pdf('same');
      const first = await seedDoc({}, { content });
      const again = await upload(h.as.owner, { seriesId: first.seriesId }, { filename: 'a.pdf', content });
      expect(again.json()).toMatchObject({ version: 2, sha256: first.sha256 });
    });
  });

  describe('download', () => {
    it('sends the bytes with download-only headers', async () => {
      const content = pdf('download');
      const doc = await seedDoc({}, { filename: '营业执照 副本.pdf', content });
      const res = await h.call(h.as.viewer, { url: `/api/v1/documents/${doc.id}/content` });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(content)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-length']).toBe(String(content.length));
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="____ __.pdf"; filename*=UTF-8''${encodeURIComponent('营业执照 副本.pdf')}`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers.etag).toBe(`"${sha(content)}"`);
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    });

    it('an ASCII name is its own fallback; quotes and odd characters are replaced or encoded', async () => {
      const doc = await seedDoc({}, { filename: "it's (final)*.pdf" });
      const res = await h.call(h.as.owner, { url: `/api/v1/documents/${doc.id}/content` });
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="it's (final)*.pdf"; filename*=UTF-8''it%27s%20%28final%29%2A.pdf`,
      );
    });

    it('If-None-Match with the ETag is 304 without a body; HEAD sends the headers only', async () => {
      const doc = await seedDoc();
      const res = await h.call(h.as.owner, {
        url: `/api/v1/documents/${doc.id}/content`,
        headers: { 'if-none-match': `"${doc.sha256}"` },
      });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      const head = await h.call(h.as.owner, { method: 'HEAD', url: `/api/v1/documents/${doc.id}/content` });
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-disposition']).toMatch(/^attachment;/);
      expect(head.body).toBe('');
    });

    it('a missing or resized file is 500 DOCUMENT_DAMAGED before any byte; a changed one never arrives whole', async () => {
      const missing = await seedDoc();
      const resized = await seedDoc();
      const changed = await seedDoc({}, { content: pdf('original') });
      const path = async (id: string) =>
        join(
          t.dir,
          (
            await t.db.kysely
              .selectFrom('documents')
              .select('storage_path')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).storage_path,
        );
      const { rmSync } = await import('node:fs');
      rmSync(await path(missing.id));
      writeFileSync(await path(resized.id), pdf('longer than it was'));
      writeFileSync(await path(changed.id), pdf('tampered'));
      for (const doc of [missing, resized]) {
        const res = await h.call(h.as.owner, { url: `/api/v1/documents/${doc.id}/content` });
        expect(res.statusCode).toBe(500);
        expect(res.json().code).toBe('DOCUMENT_DAMAGED');
        expect(res.headers['content-disposition']).toBeUndefined();
      }
      // a small file is checked before its first byte goes out: a problem, not the file
      const res = await h.call(h.as.owner, { url: `/api/v1/documents/${changed.id}/content` });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('DOCUMENT_DAMAGED');
      expect(res.body).not.toContain('tampered');
    });

    it('a large changed file breaks off before its last bytes', async () => {
      const content = Buffer.alloc(1_000_000, 0x41);
      pdf().copy(content);
      const doc = await seedDoc({}, { content });
      const row = await t.db.kysely
        .selectFrom('documents')
        .select('storage_path')
        .where('id', '=', doc.id)
        .executeTakeFirstOrThrow();
      const changed = Buffer.from(content);
      changed[500_000] = 0x42;
      writeFileSync(join(t.dir, row.storage_path), changed);
      const res = await h
        .call(h.as.owner, { url: `/api/v1/documents/${doc.id}/content` })
        .catch((e: unknown) => e as Error);
      if (res instanceof Error) return; // the transfer broke off
      expect(res.rawPayload.length).toBeLessThan(content.length);
      expect(res.rawPayload.equals(changed)).toBe(false);
    });
  });

  describe('list', () => {
    it('filters by company, application and checklist item, and pages with a cursor', async () => {
      const company = await seedCompany(t.db, h.orgA);
      const app = await seedApplication(t.db, h.orgA, company);
      const ids: string[] = [];
      for (const [i, fields] of [
        { companyId: company },
        { applicationId: app, checklistItem: 'business-licence' },
        { applicationId: app, checklistItem: 'application-form' },
        { companyId: company, checklistItem: 'business-licence' },
        { companyId: company },
      ].entries())
        ids.push((await seedDoc(fields, { filename: `${String.fromCharCode(101 - i)}.pdf` })).id);

      const get = async (qs: string) => {
        const res = await h.call(h.as.viewer, { url: `/api/v1/documents?${qs}` });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { items: { id: string }[]; nextCursor: string | null };
      };
      expect((await get(`companyId=${company}&sort=uploadedAt`)).items.map((d) => d.id)).toEqual(ids);
      expect((await get(`applicationId=${app}&sort=uploadedAt`)).items.map((d) => d.id)).toEqual([
        ids[1],
        ids[2],
      ]);
      expect(
        (await get(`companyId=${company}&checklistItem=business-licence&sort=uploadedAt`)).items.map(
          (d) => d.id,
        ),
      ).toEqual([ids[1], ids[3]]);
      expect((await get(`companyId=${company}&sort=fileName`)).items.map((d) => d.id)).toEqual(
        [...ids].reverse(),
      );

      for (const sort of ['uploadedAt', '-uploadedAt', 'fileName']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = await get(
            `companyId=${company}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(new Set(seen).size, sort).toBe(5);
        expect(seen.length, sort).toBe(5);
      }
    });

    it('bad query values are 400 with a code', async () => {
      for (const qs of [
        'limit=0',
        'limit=101',
        'sort=size',
        'latest=maybe',
        'cursor=garbage',
        `cursor=${Buffer.from(JSON.stringify({ s: 'fileName', k: 'a', id: 'b' })).toString('base64url')}`,
      ]) {
        const res = await h.call(h.as.owner, { url: `/api/v1/documents?${qs}` });
        expect(res.statusCode, qs).toBe(400);
        expect(['VALIDATION_FAILED', 'INVALID_CURSOR']).toContain(res.json().code);
      }
    });
  });

  describe('delete', () => {
    it('removes the row and its file, and leaves an audit row; the other versions stay', async () => {
      const first = await seedDoc();
      const second = await upload(
        h.as.owner,
        { seriesId: first.seriesId },
        { filename: 'b.pdf', content: pdf('second') },
      );
      const rows = await t.db.kysely
        .selectFrom('documents')
        .selectAll()
        .where('series_id', '=', first.seriesId)
        .execute();
      const res = await h.call(h.as.admin, { method: 'DELETE', url: `/api/v1/documents/${first.id}` });
      expect(res.statusCode).toBe(204);
      expect(existsSync(join(t.dir, rows.find((r) => r.id === first.id)!.storage_path))).toBe(false);
      expect(existsSync(join(t.dir, rows.find((r) => r.id === second.json().id)!.storage_path))).toBe(true);
      const gone = await h.call(h.as.admin, { url: `/api/v1/documents/${first.id}` });
      expect(gone.statusCode).toBe(404);
      const versions = await h.call(h.as.admin, { url: `/api/v1/documents/${second.json().id}/versions` });
      expect(versions.json().items.map((d: { version: number }) => d.version)).toEqual([2]);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'documents')
        .where('entity_id', '=', first.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ id: first.id, sha256: first.sha256 });
      expect(JSON.parse(audit[1]!.before!)).toMatchObject({ id: first.id });
      expect(audit[1]!.actor_id).toBe(h.as.admin.userId);
      expect(audit.every((a) => a.organisation_id === h.orgA)).toBe(true);
      // the last version: the series folder goes too
      await h.call(h.as.admin, { method: 'DELETE', url: `/api/v1/documents/${second.json().id}` });
      expect(existsSync(join(docsDir(), h.orgA, first.seriesId))).toBe(false);
    });

    it("409 DOCUMENT_IN_USE while an application's checklist or an event names it", async () => {
      const inChecklist = await seedDoc();
      const inEvent = await seedDoc();
      const app = await seedApplication(t.db, h.orgA, h.linked, {
        checklist: JSON.stringify({ 'business-licence': { status: 'done', documentIds: [inChecklist.id] } }),
      });
      await t.db.kysely
        .insertInto('application_events')
        .values({
          id: `ev-${inEvent.id}`,
          organisation_id: h.orgA,
          application_id: app,
          from_state: null,
          to_state: 'draft',
          actor_id: null,
          at: new Date().toISOString(),
          note: null,
          attachments: JSON.stringify([inEvent.id]),
        })
        .execute();
      for (const doc of [inChecklist, inEvent]) {
        const res = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/documents/${doc.id}` });
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('DOCUMENT_IN_USE');
        const still = await h.call(h.as.owner, { url: `/api/v1/documents/${doc.id}/content` });
        expect(still.statusCode).toBe(200);
      }
    });

    it('a company with documents cannot be deleted (409 COMPANY_IN_USE); without them it can', async () => {
      const company = await seedCompany(t.db, h.orgA);
      const doc = await seedDoc({ companyId: company });
      const refused = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/companies/${company}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('COMPANY_IN_USE');
      expect(
        (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/documents/${doc.id}` })).statusCode,
      ).toBe(204);
      const ok = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/companies/${company}` });
      expect(ok.statusCode).toBe(204);
    });
  });

  it('every upload leaves an audit row with the company', async () => {
    const doc = await seedDoc();
    const row = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'documents')
      .where('entity_id', '=', doc.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action: 'create',
      actor_id: h.as.owner.userId,
      before: null,
      company_id: h.linked,
    });
    expect(JSON.parse(row.after!)).toMatchObject({ id: doc.id, version: 1, sha256: doc.sha256 });
  });

  it('the OpenAPI document lists the routes', async () => {
    const res = await h.app.inject({ url: '/api/openapi.json' });
    const paths = res.json().paths;
    for (const p of [
      '/api/v1/documents',
      '/api/v1/documents/{id}',
      '/api/v1/documents/{id}/versions',
      '/api/v1/documents/{id}/content',
    ])
      expect(paths[p], p).toBeDefined();
  });

  describe('API tokens', () => {
    const token = async (scopes: ('read' | 'write')[]) =>
      (
        await createApiToken(
          t.db,
          { organisationId: h.orgA, userId: h.as.owner.userId, role: 'owner' },
          { name: `docs-${scopes.join('-')}`, scopes, expiresAt: null },
        )
      ).secret;
    const bearer = (secret: string, opts: InjectOptions) =>
      h.app.inject({ ...opts, headers: { authorization: `Bearer ${secret}`, ...(opts.headers ?? {}) } });

    it('a read token downloads but cannot upload or delete; a write token uploads, audited as the token', async () => {
      const doc = await seedDoc();
      const read = await token(['read']);
      expect((await bearer(read, { url: `/api/v1/documents/${doc.id}/content` })).statusCode).toBe(200);
      const body = multipart([
        { name: 'companyId', value: h.linked },
        { name: 'file', filename: 'a.pdf', content: pdf() },
      ]);
      const denied = await bearer(read, { method: 'POST', url: '/api/v1/documents', ...body });
      expect(denied.statusCode).toBe(403);
      const del = await bearer(read, { method: 'DELETE', url: `/api/v1/documents/${doc.id}` });
      expect(del.statusCode).toBe(403);

      const write = await token(['read', 'write']);
      const ok = await bearer(write, { method: 'POST', url: '/api/v1/documents', ...body });
      expect(ok.statusCode, ok.body).toBe(201);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select('actor_label')
        .where('entity_id', '=', ok.json().id)
        .executeTakeFirstOrThrow();
      expect(audit.actor_label).toBe('token:docs-read-write');
    });
  });

  describe('over a real connection', () => {
    /** POSTs `head`, `size` bytes of filler and `tail`, in chunks, stopping once the server has answered */
    const post = (url: string, head: Buffer, size: number, tail: Buffer, headers: Record<string, string>) =>
      new Promise<{ status: number; body: string; sent: number; total: number }>((resolve, reject) => {
        const total = head.length + size + tail.length;
        const req = request(url, {
          method: 'POST',
          agent: false,
          headers: { ...headers, 'content-length': String(total) },
        });
        let answered = false;
        let sent = 0;
        req.on('response', (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sent, total });
            req.destroy();
          });
        });
        req.on('error', (e) => {
          if (!answered) reject(e);
        });
        const filler = Buffer.alloc(64 * 1024, 0x20);
        req.write(head);
        sent = head.length;
        let left = size;
        const pump = () => {
          while (!answered && left > 0) {
            const n = Math.min(left, filler.length);
            left -= n;
            sent += n;
            if (!req.write(filler.subarray(0, n))) return void req.once('drain', pump);
          }
          if (!answered) req.end(tail);
        };
        pump();
      });

    it('an oversized upload is answered 413 as soon as the limit is passed; the server goes on serving', async () => {
      // closed with the app after the suite
      const address = await h.listening();
      const boundary = 'icpdesk-socket-test';
      const headers = {
        cookie: `${SESSION_COOKIE}=${h.as.owner.cookie}`,
        'x-csrf-token': h.as.owner.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      };
      const head = (name: string) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="companyId"\r\n\r\n${h.linked}\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
              'Content-Type: application/pdf\r\n\r\n',
          ),
          pdf(),
        ]);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

      const big = await post(`${address}/api/v1/documents`, head('big.pdf'), maxBytes() * 5, tail, headers);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body).code).toBe('PAYLOAD_TOO_LARGE');
      expect(big.sent).toBeLessThan(big.total);

      const small = await post(`${address}/api/v1/documents`, head('small.pdf'), 1000, tail, headers);
      expect(small.status, small.body).toBe(201);
      expect(JSON.parse(small.body)).toMatchObject({ fileName: 'small.pdf', sizeBytes: pdf().length + 1000 });
    });

    it('after a 413 the connection is closed or serves the next request: it never hangs', async () => {
      const address = new URL(await h.listening());
      const boundary = 'icpdesk-keepalive-test';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="companyId"\r\n\r\n${h.linked}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n`,
        ),
        pdf(),
        Buffer.alloc(maxBytes() + 64 * 1024, 0x20),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const socket = connect(Number(address.port), address.hostname);
      let answers = '';
      const outcome = new Promise<'closed' | 'served' | 'hung'>((ok) => {
        socket.on('data', (b: Buffer) => {
          answers += b.toString('latin1');
          if (/HTTP\/1\.1 200 [\s\S]*"status":"ok"/.test(answers)) ok('served');
        });
        socket.once('close', () => ok('closed'));
        setTimeout(() => ok('hung'), 5000);
      });
      socket.on('error', () => {}); // EPIPE once the server has closed: expected
      socket.write(
        `POST /api/v1/documents HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n` +
          `Cookie: ${SESSION_COOKIE}=${h.as.owner.cookie}\r\nX-CSRF-Token: ${h.as.owner.csrf}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body);
      // the next request on the same connection, as a pooling proxy would send it
      socket.write('GET /health HTTP/1.1\r\nHost: test\r\n\r\n');
      // before: the 413 said keep-alive, and the rest of the body and the GET were never read
      const how = await outcome;
      socket.destroy();
      expect(answers).toMatch(/^HTTP\/1\.1 413 /);
      expect(how).not.toBe('hung');
      // a server that stops reading says so
      if (how === 'closed') expect(answers.toLowerCase()).toContain('connection: close');
    });
  });
});
