/**
 * The proof that the OpenAPI document is complete: every response the route tests receive is
 *
 * 1. checked at run time against the response schema its operation documents for that status and content
 *    type (an undocumented status, a field the schema does not list, a wrong type or a problem code the
 *    route does not declare all fail the suite), and
 * 2. written as a typed constant, `const r: ResponseBody<path, method, status> = <the real body>`, into
 *    test/openapi-client/responses/ (git-ignored), which `npm run test:client` type-checks against the
 *    TypeScript client generated from docs/openapi.json; every operation must appear there at least once
 *    with a success response (test/openapi-client/coverage.ts).
 *
 * The http harness records every call; a few bodies of each operation and status are kept (those that show
 * fields not seen before).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, Json & { operationId?: string; responses: Record<string, Json> }>>;
  components: Json & { responses?: Record<string, Json> };
}
interface Sample {
  path: string;
  method: string;
  status: number;
  operationId: string;
  body: unknown;
}

const OUT = fileURLToPath(new URL('./openapi-client/responses/', import.meta.url));
const SAMPLES_PER_RESPONSE = 4;

/**
 * records every `app.inject(options)` of a test's app; `finish()` (in afterAll) fails on a response the
 * document does not describe and, unless `typed` is false, writes the samples under `name`
 */
export function recordResponses(app: FastifyInstance, name: string, typed = true): { finish(): void } {
  let record: ResponseRecord | undefined;
  const inject = app.inject.bind(app) as (o?: InjectOptions) => Promise<LightMyRequestResponse>;
  (app as unknown as { inject: (o?: InjectOptions) => unknown }).inject = (o?: InjectOptions) => {
    if (!o) return inject();
    return inject(o).then((res) => {
      record ??= new ResponseRecord(app.swagger() as unknown as Doc);
      record.add(o.method ?? 'GET', String(o.url ?? o.path ?? '/'), res);
      return res;
    });
  };
  return {
    finish() {
      if (!record) return;
      expect(record.failures, 'responses that docs/openapi.json does not describe').toEqual([]);
      if (typed) record.write(name);
    },
  };
}

export class ResponseRecord {
  private readonly samples = new Map<string, { shapes: Set<string>; kept: Sample[] }>();
  private readonly seen = new Set<string>();
  readonly failures: string[] = [];
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
  private readonly routes: { method: string; path: string; re: RegExp; params: number }[];

  constructor(private readonly doc: Doc) {
    this.routes = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({
          method,
          path,
          re: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`),
          params: (path.match(/\{/g) ?? []).length,
        })),
      )
      .sort((a, b) => a.params - b.params);
  }

  /** checks a response against the document and keeps it as a sample */
  add(method: string, url: string, res: LightMyRequestResponse): void {
    const m = method.toLowerCase();
    const pathname = url.split('?')[0] ?? url;
    const route = this.routes.find((r) => r.method === m && r.re.test(pathname));
    if (!route) return; // not a documented route (the sweep's probes of unknown paths, /api/docs …)
    const op = this.doc.paths[route.path]![m]!;
    const where = `${method} ${route.path} → ${res.statusCode}`;
    let response = op.responses[String(res.statusCode)];
    if (response?.$ref) response = this.doc.components.responses?.[String(response.$ref).split('/').pop()!];
    if (!response) {
      // a 400 Fastify gives a request its router cannot even parse is not an operation's answer
      this.failures.push(`${where}: status not documented`);
      return;
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
    const content = response.content as Record<string, { schema: Json }> | undefined;
    let body: unknown;
    if (!content) {
      if (res.body.length) this.failures.push(`${where}: a body where the document says none`);
    } else {
      const media = content[type];
      if (!media) {
        this.failures.push(
          `${where}: content type ${type} not documented (${Object.keys(content).join(', ')})`,
        );
        return;
      }
      if (type.endsWith('json')) {
        // a kept answer goes gzipped to a client that accepts it
        body =
          res.headers['content-encoding'] === 'gzip'
            ? JSON.parse(gunzipSync(res.rawPayload).toString())
            : res.json();
        const validate = this.validator(`${where} ${type}`, media.schema);
        if (validate && !validate(body))
          this.failures.push(`${where}: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
      }
    }
    this.keep(route.path, m, res.statusCode, op.operationId!, body);
  }

  private validator(key: string, schema: Json): ValidateFunction | null {
    if (!this.validators.has(key))
      this.validators.set(key, this.ajv.compile({ ...schema, components: this.doc.components }));
    return this.validators.get(key) ?? null;
  }

  private keep(path: string, method: string, status: number, operationId: string, body: unknown) {
    if (status < 300) this.seen.add(operationId);
    const key = `${method} ${path} ${status}`;
    const entry = this.samples.get(key) ?? { shapes: new Set<string>(), kept: [] };
    this.samples.set(key, entry);
    const fresh = [...shapeOf(body)].filter((s) => !entry.shapes.has(s));
    if (entry.kept.length && (!fresh.length || entry.kept.length >= SAMPLES_PER_RESPONSE)) return;
    for (const s of fresh) entry.shapes.add(s);
    entry.kept.push({ path, method, status, operationId, body });
  }

  /** writes the samples as typed constants for `npm run test:client` */
  write(name: string): void {
    mkdirSync(OUT, { recursive: true });
    const lines = [
      '// generated by the route tests (test/response-record.ts): real responses, typed by the generated client',
      "import type { ResponseBody } from '../response-body.ts';",
      '',
    ];
    let n = 0;
    for (const { kept } of this.samples.values())
      for (const s of kept) {
        if (s.body === undefined) continue;
        lines.push(
          `export const r${n++}: ResponseBody<'${s.path}', '${s.method}', ${s.status}> = ${JSON.stringify(s.body)};`,
        );
      }
    lines.push(
      '',
      "declare module '../coverage.ts' {",
      '  interface Seen {',
      ...[...this.seen].sort().map((id) => `    ${id}: true;`),
      '  }',
      '}',
      '',
    );
    writeFileSync(join(OUT, `${basename(name).replace(/[^\w.-]+/g, '-')}.ts`), lines.join('\n'));
  }
}

/** the key paths of a JSON value (array items as []), e.g. items[].clock.status */
function shapeOf(v: unknown, at = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) shapeOf(x, `${at}[]`, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(`${at}.${k}`);
      shapeOf(x, `${at}.${k}`, out);
    }
  return out;
}
