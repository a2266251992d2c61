/**
 * The OpenAPI 3.1 document: @fastify/swagger builds it from the routes' zod schemas; schemas registered with
 * an id (`.meta({ id })`) become shared components. `finishDocument` then adds what the routes do not carry
 * one by one: the security of every operation (cookie session, with X-CSRF-Token on writes, or a bearer API
 * token), the X-Organisation header, an example for every operation, and drops unused components.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { SESSION_COOKIE } from '@icpdesk/store';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { registerComponents } from './components.ts';
import { exampleOf, type JsonSchema } from './openapi-examples.ts';

type Json = Record<string, unknown>;
type Operation = Json & {
  security?: Json[];
  parameters?: Json[];
  requestBody?: { content: Record<string, Json> };
  responses: Record<string, Json & { content?: Record<string, Json> }>;
};
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> } & Json;
  [key: string]: unknown;
}

const SESSION = [{ session: [] }, { bearer: [] }];
const SESSION_CSRF = [{ session: [], csrf: [] }, { bearer: [] }];

const tags = [
  { name: 'health', description: 'liveness and readiness' },
  { name: 'assessment', description: 'anonymous, rate-limited assessment endpoints' },
  { name: 'auth', description: 'sign-in sessions (cookie + X-CSRF-Token on writes)' },
  {
    name: 'companies',
    description: 'applicant companies of an organisation (X-Organisation names it for members of several)',
  },
  { name: 'organisation', description: 'members, invitations, client links and API tokens' },
  { name: 'assessments', description: 'stored assessments of a company: run, re-run, compare' },
  { name: 'applications', description: 'licence applications (cases), transitions and statutory clocks' },
  { name: 'licences', description: 'licences held, created from approved applications or imported' },
  { name: 'documents', description: 'uploaded documents with versions' },
  {
    name: 'register',
    description:
      'the register of a company: ICP, app and public-security filings, domains, servers, number resources, annual reports',
  },
  { name: 'impact', description: 'what a proposed change of a company means for its licences and filings' },
  { name: 'import-export', description: 'companies, licences and the register as .xlsx or .csv' },
  { name: 'audit', description: 'the append-only audit log' },
  {
    name: 'obligations',
    description: 'dated duties of licence and filing holders, and their iCalendar feeds at secret URLs',
  },
  {
    name: 'notifications',
    description: 'reminder settings, channels, the delivery log and in-app notifications',
  },
];

export function swaggerOptions(version: string): SwaggerOptions {
  registerComponents();
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'icpdesk API',
        version,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description:
          '增值电信业务许可合规 API：评估、材料清单、材料预审。Errors are application/problem+json (RFC 9457) with a stable `code`; each operation lists the codes it may answer with. Messages follow Accept-Language (zh default, en).',
      },
      servers: [{ url: '/', description: 'this server' }],
      tags,
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'the HttpOnly session cookie set by POST /api/v1/auth/login',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description:
              'with the session cookie on POST, PUT, PATCH and DELETE: the csrfToken of the login response or GET /api/v1/me',
          },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'an API token (icpd_…) made at POST /api/v1/tokens; no CSRF token needed',
          },
        },
        parameters: {
          Organisation: {
            name: 'X-Organisation',
            in: 'header',
            required: false,
            description:
              'the id of the organisation to act in, for a member of several (a member of one may leave it out; an API token acts in its own)',
            schema: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const location = input.route.config?.location;
      const created = (out.schema as { response?: Record<string, Json> }).response?.['201'];
      if (location && created)
        created.headers = {
          Location: {
            type: 'string',
            description: `the new resource: ${location.replace(/\{[\w.]+\}/g, '{id}')}`,
          },
        };
      return out;
    },
    transformObject: (input) =>
      finishDocument(jsonSchemaTransformObject(input) as unknown as OpenApiDocument),
  };
}

/** security, the organisation header and examples on every operation; unused components dropped */
export function finishDocument(doc: OpenApiDocument): OpenApiDocument {
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (op.security === undefined) op.security = method === 'get' ? SESSION : SESSION_CSRF;
      if (op.security.length && !path.startsWith('/api/v1/auth/') && path !== '/api/v1/me')
        op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/Organisation' }];
      addExamples(doc, op);
      shareProblemResponses(doc, op);
    }
  dropUnusedSchemas(doc);
  return doc;
}

function addExamples(doc: OpenApiDocument, op: Operation) {
  const media = [
    ...Object.values(op.requestBody?.content ?? {}),
    ...Object.entries(op.responses)
      .filter(([status]) => status.startsWith('2'))
      .flatMap(([, r]) => Object.values(r.content ?? {})),
  ];
  for (const m of media)
    if (m.example === undefined && m.examples === undefined && m.schema)
      m.example = exampleOf(m.schema as JsonSchema, doc.components.schemas);
}

/**
 * a problem response (status and codes) that several operations give is one `components.responses` entry,
 * named by its codes
 */
function shareProblemResponses(doc: OpenApiDocument, op: Operation) {
  doc.components.responses ??= {};
  const shared = doc.components.responses as Record<string, Json>;
  for (const [status, response] of Object.entries(op.responses)) {
    if (Number(status) < 400 || !response.content?.['application/problem+json']) continue;
    const codes = codesOf(response.content['application/problem+json'].schema as JsonSchema);
    if (!codes) continue;
    const name = responseName(codes);
    shared[name] ??= response;
    op.responses[status] = { $ref: `#/components/responses/${name}` };
  }
}

/** the codes every signed-in request may be refused with as a 400, named together */
const SIGNED_IN_400 = [
  'ORGANISATION_REQUIRED',
  'ORGANISATION_UNKNOWN',
  'TOKEN_ORGANISATION_MISMATCH',
  'VALIDATION_FAILED',
];
const pascal = (code: string) =>
  code.toLowerCase().replace(/(^|_)(\w)/g, (_m, _u, ch: string) => ch.toUpperCase());

/** InvalidUsccOrUsccTaken; the signed-in 400 codes together as SignedInRequest */
function responseName(codes: string[]): string {
  const common = SIGNED_IN_400.every((c) => codes.includes(c));
  const own = common ? codes.filter((c) => !SIGNED_IN_400.includes(c)) : codes;
  return [...own.map(pascal), ...(common ? ['SignedInRequest'] : [])].join('Or');
}

/** the codes of a route's problem schema (allOf: [Problem, {code: {enum}}]) */
function codesOf(schema: JsonSchema): string[] | undefined {
  const parts = schema.allOf as JsonSchema[] | undefined;
  const narrowed = parts?.[1]?.properties as { code?: { enum?: string[] } } | undefined;
  return parts?.[0]?.$ref === '#/components/schemas/Problem' ? narrowed?.code?.enum : undefined;
}

/** component schemas nothing refers to (the transform adds an input and an output form of each) */
function dropUnusedSchemas(doc: OpenApiDocument) {
  const schemas = doc.components.schemas;
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
          const name = x.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(x);
      }
  };
  visit(doc.paths);
  visit(doc.components.responses);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}
