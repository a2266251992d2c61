import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyContract, commonProblems, fillPath, serializerCompiler, typedOutput } from './contract.ts';
import { HttpProblem, sendProblem } from './problems.ts';

/** an app with the contract's serialiser and hooks, and one route of `schema` answering `body` */
async function appWith(strictProblems: boolean, body: () => unknown) {
  const app = Fastify();
  app.setSerializerCompiler(serializerCompiler(strictProblems));
  applyContract(app);
  app.setErrorHandler((err, req, reply) =>
    err instanceof HttpProblem ? sendProblem(req, reply, err.code, err.detail) : reply.status(500).send({}),
  );
  app.post(
    '/things',
    {
      config: { location: '/things/{id}' },
      schema: {
        security: [],
        problems: ['USCC_TAKEN'],
        response: { 201: z.object({ id: z.string(), name: z.string() }) },
      },
    },
    async (_req, reply) => reply.status(201).send(body() as { id: string; name: string }),
  );
  await app.ready();
  return app;
}

describe('responses are serialised by their schemas', () => {
  it('drops a field the schema does not list, so nothing unlisted leaks', async () => {
    const app = await appWith(false, () => ({ id: 'a1', name: '甲', passwordHash: 'secret' }));
    const res = await app.inject({ method: 'POST', url: '/things' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: 'a1', name: '甲' });
    expect(res.body).not.toContain('secret');
  });

  it('refuses a response that does not match its schema (500), never sending it', async () => {
    const app = await appWith(false, () => ({ id: 1, name: '甲', secret: 'x' }));
    const res = await app.inject({ method: 'POST', url: '/things' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
  });

  it('sends Location for a 201, from the body', async () => {
    const app = await appWith(false, () => ({ id: 'a/1', name: '甲' }));
    const res = await app.inject({ method: 'POST', url: '/things' });
    expect(res.headers.location).toBe('/things/a%2F1');
    expect(fillPath('/x/{token.id}', { token: { id: 't' } })).toBe('/x/t');
    expect(() => fillPath('/x/{id}', {})).toThrow(/no id/);
  });
});

describe("typed outputs (the engine's results) are sent as JSON.stringify makes them", () => {
  const typed = typedOutput(z.object({ id: z.string(), tags: z.array(z.string()) }));
  async function typedApp(strict: boolean, body: unknown) {
    const app = Fastify();
    app.setSerializerCompiler(serializerCompiler(strict));
    app.get('/typed', { schema: { response: { 200: typed } } }, async () => body as never);
    await app.ready();
    return app;
  }

  it('sends the value as it is, in its own key order', async () => {
    for (const strict of [false, true]) {
      const res = await (await typedApp(strict, { tags: ['a'], id: 'x' })).inject('/typed');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('{"tags":["a"],"id":"x"}');
    }
  });

  it("sends the bytes of a route's own writer; tests refuse a writer that differs from JSON.stringify", async () => {
    const schema = z.object({ id: z.string() });
    const withWriter = (write: (v: { id: string }) => string | Buffer) => async (strict: boolean) => {
      const app = Fastify();
      app.setSerializerCompiler(serializerCompiler(strict));
      const response = { 200: typedOutput(schema.describe('a thing'), write) };
      app.get('/typed', { schema: { response } }, async () => ({ id: '甲' }));
      await app.ready();
      return app.inject('/typed');
    };
    const good = withWriter((v) => Buffer.from(JSON.stringify(v)));
    const bad = withWriter((v) => Buffer.from(JSON.stringify({ ...v, extra: 1 })));
    for (const strict of [false, true]) {
      const res = await good(strict);
      expect(res.body).toBe('{"id":"甲"}');
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength('{"id":"甲"}')));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    expect((await bad(false)).body).toContain('extra');
    expect((await bad(true)).statusCode).toBe(500);
  });

  it('tests refuse one with a field the schema does not list, or a value it refuses', async () => {
    const leak = await typedApp(true, { id: 'x', tags: [], secret: 's' });
    expect((await leak.inject('/typed')).statusCode).toBe(500);
    const wrong = await typedApp(true, { id: 1, tags: [] });
    expect((await wrong.inject('/typed')).statusCode).toBe(500);
  });
});

describe('problem codes', () => {
  it('a route answers with its own codes and those of its kind', () => {
    const get = commonProblems({ method: 'GET', url: '/api/v1/things/:id', schema: {}, config: {} });
    expect(get).toEqual(expect.arrayContaining(['UNAUTHENTICATED', 'NOT_FOUND', 'URI_TOO_LONG', 'INTERNAL']));
    expect(get).not.toContain('CSRF_FAILED');
    const post = commonProblems({ method: 'POST', url: '/api/v1/things', schema: {}, config: {} });
    expect(post).toEqual(
      expect.arrayContaining(['CSRF_FAILED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE']),
    );
    const anonymous = commonProblems({ method: 'POST', url: '/x', schema: { security: [] }, config: {} });
    expect(anonymous).not.toContain('UNAUTHENTICATED');
  });

  it('tests refuse a code the route does not declare; production sends it as built', async () => {
    const undeclared = () => {
      throw new HttpProblem('LAST_OWNER');
    };
    const strict = await appWith(true, undeclared);
    expect((await strict.inject({ method: 'POST', url: '/things' })).statusCode).toBe(500);
    const lenient = await appWith(false, undeclared);
    const res = await lenient.inject({ method: 'POST', url: '/things' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LAST_OWNER');
    const declared = await appWith(true, () => {
      throw new HttpProblem('USCC_TAKEN');
    });
    expect((await declared.inject({ method: 'POST', url: '/things' })).json().code).toBe('USCC_TAKEN');
  });
});
