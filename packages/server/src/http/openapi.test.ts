/**
 * The document a client is generated from: every operation has an id, a tag, a summary and an example;
 * its security and the organisation header; problems as application/problem+json naming their codes;
 * Location on every 201; shared components. Read from the committed file (the staleness test keeps it
 * equal to what the routes describe).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { readOpenapiFile } from '../openapi-file.ts';
import { problems } from './problems.ts';

type Json = Record<string, unknown>;
interface Op {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: Json[];
  parameters?: Json[];
  requestBody?: { content: Record<string, Json> };
  responses: Record<
    string,
    Json & { $ref?: string; content?: Record<string, Json>; headers?: Record<string, Json> }
  >;
}
const doc = JSON.parse(readOpenapiFile() ?? '{"paths":{},"components":{}}') as {
  tags: { name: string }[];
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Json; responses: Record<string, Json & { content?: Record<string, Json> }> };
};
const ops = Object.entries(doc.paths).flatMap(([path, o]) =>
  Object.entries(o).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, path, op })),
);
const resolve = (r: Op['responses'][string]) =>
  r.$ref ? doc.components.responses[r.$ref.split('/').pop()!]! : r;
const bad = (test: (o: (typeof ops)[number]) => boolean) => ops.filter((o) => !test(o)).map((o) => o.where);

describe('the OpenAPI document', () => {
  it('has every operation', () => {
    expect(ops.length).toBeGreaterThanOrEqual(61);
  });

  it('gives every operation a unique operationId, a declared tag and a summary', () => {
    const tags = new Set(doc.tags.map((t) => t.name));
    expect(bad((o) => /^[a-z][A-Za-z0-9]+$/.test(o.op.operationId ?? ''))).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bad((o) => !!o.op.tags?.length && o.op.tags.every((t) => tags.has(t)))).toEqual([]);
    expect(bad((o) => !!o.op.summary?.trim())).toEqual([]);
  });

  it('gives every operation an example of its request body and of each success response with a body', () => {
    const media = (o: (typeof ops)[number]) => [
      ...Object.values(o.op.requestBody?.content ?? {}),
      ...Object.entries(o.op.responses)
        .filter(([s]) => s.startsWith('2'))
        .flatMap(([, r]) => Object.values(resolve(r).content ?? {})),
    ];
    expect(bad((o) => media(o).every((m) => m.example !== undefined || m.examples !== undefined))).toEqual(
      [],
    );
    expect(bad((o) => media(o).length > 0 || o.op.responses['204'] !== undefined)).toEqual([]);
  });

  it('gives examples that follow their schemas', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const wrong: string[] = [];
    for (const o of ops)
      for (const m of [
        ...Object.values(o.op.requestBody?.content ?? {}),
        ...Object.values(o.op.responses).flatMap((r) => Object.values(resolve(r).content ?? {})),
      ]) {
        if (m.example === undefined) continue;
        const valid = ajv.compile({ ...(m.schema as Json), components: doc.components });
        if (!valid(m.example)) wrong.push(`${o.where}: ${ajv.errorsText(valid.errors)}`);
      }
    expect(wrong).toEqual([]);
  });

  it('declares the security schemes, and each operation its security and the organisation header', () => {
    expect(
      Object.keys((doc.components as unknown as { securitySchemes: Json }).securitySchemes).sort(),
    ).toEqual(['bearer', 'csrf', 'session']);
    expect(bad((o) => Array.isArray(o.op.security))).toEqual([]);
    // writes signed in by cookie need the CSRF header
    const writes = ops.filter((o) => o.method !== 'get' && o.op.security!.some((s) => 'session' in s));
    expect(writes.filter((o) => !o.op.security!.some((s) => 'csrf' in s)).map((o) => o.where)).toEqual([]);
    const org = { $ref: '#/components/parameters/Organisation' };
    const signedIn = ops.filter(
      (o) =>
        o.op.security!.length &&
        !o.op.security!.some((s) => !Object.keys(s).length) &&
        o.path !== '/api/v1/me',
    );
    expect(
      signedIn.filter((o) => !o.op.parameters?.some((p) => p.$ref === org.$ref)).map((o) => o.where),
    ).toEqual([]);
  });

  it('documents every error as application/problem+json naming the codes of its status', () => {
    const wrong: string[] = [];
    for (const o of ops)
      for (const [status, r] of Object.entries(o.op.responses)) {
        if (Number(status) < 400) continue;
        const content = resolve(r).content ?? {};
        const schema = content['application/problem+json']?.schema as { allOf?: Json[] } | undefined;
        const codes = ((schema?.allOf?.[1]?.properties as Json | undefined)?.code as { enum?: string[] })
          ?.enum;
        if (Object.keys(content).join() !== 'application/problem+json' || !codes?.length)
          wrong.push(`${o.where} ${status}: not problem+json with codes`);
        else
          for (const c of codes)
            if (String(problems[c as keyof typeof problems]?.status) !== status)
              wrong.push(`${o.where} ${status}: ${c}`);
      }
    expect(wrong).toEqual([]);
  });

  it('says where a 201 put the new resource (Location)', () => {
    expect(
      bad(
        (o) =>
          !o.op.responses['201'] || !!(resolve(o.op.responses['201']).headers as Json | undefined)?.Location,
      ),
    ).toEqual([]);
  });

  it('shares schemas as components', () => {
    for (const name of ['Problem', 'Company', 'ApplicationDetail', 'Licence', 'Document', 'StoredAssessment'])
      expect(doc.components.schemas, name).toHaveProperty(name);
  });

  it('declares the multipart body of every upload', () => {
    const uploads = ops
      .filter((o) => o.op.requestBody?.content['multipart/form-data'])
      .map((o) => o.op.operationId);
    expect(uploads.sort()).toEqual([
      'importAnnualReports',
      'importAppFilings',
      'importCompanies',
      'importCompanyEvents',
      'importDomains',
      'importIcpFilings',
      'importLicences',
      'importNumberResources',
      'importPublicSecurityFilings',
      'importServers',
      'precheckApplication',
      'precheckPackage',
      'uploadDocument',
    ]);
  });
});
