import { RepoError } from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { HttpProblem, inLang, joinTexts, problemBody } from './problems.ts';
import { storeProblem } from './store-errors.ts';

const request = (query: Record<string, unknown>, headers: Record<string, string> = {}) =>
  ({ query, headers, url: '/api/v1/x' }) as unknown as FastifyRequest;

describe('problem details in the request language', () => {
  const detail = { zh: '申请 A 不存在', en: 'application A' };
  const errors = [{ path: 'body.a', code: 'x', message: { zh: '必填', en: 'required' } }];

  it('picks zh by default, en on ?lang=en or Accept-Language: en', () => {
    expect(problemBody(request({}), 'NOT_FOUND', detail, errors)).toMatchObject({
      title: '资源不存在',
      detail: '申请 A 不存在',
      errors: [{ path: 'body.a', code: 'x', message: '必填' }],
    });
    for (const req of [request({ lang: 'en' }), request({}, { 'accept-language': 'en-GB,en;q=0.9' })])
      expect(problemBody(req, 'NOT_FOUND', detail, errors)).toMatchObject({
        title: 'Not found',
        detail: 'application A',
        errors: [{ path: 'body.a', code: 'x', message: 'required' }],
      });
    // ?lang wins over the header
    expect(
      problemBody(request({ lang: 'zh' }, { 'accept-language': 'en' }), 'NOT_FOUND', detail).detail,
    ).toBe('申请 A 不存在');
  });

  it('uses a plain string as is in either language, and leaves out an absent detail', () => {
    expect(problemBody(request({}), 'NOT_FOUND', 'GET /x').detail).toBe('GET /x');
    expect(problemBody(request({ lang: 'en' }), 'NOT_FOUND', 'GET /x').detail).toBe('GET /x');
    expect(problemBody(request({}), 'NOT_FOUND')).not.toHaveProperty('detail');
    expect(inLang(undefined, 'zh')).toBeUndefined();
  });

  it('HttpProblem and RepoError carry both texts; their Error message is the English one', () => {
    expect(new HttpProblem('NOT_FOUND', detail).message).toBe('application A');
    expect(new HttpProblem('NOT_FOUND').message).toBe('NOT_FOUND');
    const repo = new RepoError('LAST_OWNER', detail);
    expect(repo.message).toBe('application A');
    expect(repo.text).toEqual(detail);
    expect(new RepoError('LAST_OWNER', 'plain').text).toBeUndefined();
    const thrown = storeProblem(repo, '/x');
    expect(thrown).toBeInstanceOf(HttpProblem);
    expect((thrown as HttpProblem).detail).toEqual(detail);
    expect((thrown as HttpProblem).code).toBe('LAST_OWNER');
  });

  it('joins texts per language', () => {
    expect(joinTexts([detail, { zh: '乙', en: 'B' }])).toEqual({
      zh: '申请 A 不存在；乙',
      en: 'application A; B',
    });
  });
});
