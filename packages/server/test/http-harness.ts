/**
 * Route tests' common setup, on top of forEachDb: an app on the suite's database, two organisations (A with
 * a member of every role, B with an owner — "the outsider"), a company of A linked to A's client, one not
 * linked, one of B; and `call(actor, inject options)`, which sends the actor's session cookie and CSRF token.
 *
 *   forEachDb('licences routes', (t) => {
 *     const h = httpHarness(t);
 *     it('lists', async () => {
 *       const res = await h.call(h.as.viewer, { url: '/api/v1/licences' });
 *     });
 *   });
 *
 * Ids made here are known from beforeAll on; read them inside tests.
 */
import { basename } from 'node:path';
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import { type Kb, loadKb } from '@icpdesk/kb';
import { createSession, type Role, roles, SESSION_COOKIE, withClock } from '@icpdesk/store';
import type { DbContext } from '@icpdesk/store/testing';
import { seedCompany, seedMember, seedOrganisation } from '@icpdesk/store/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { type AppOptions, buildApp } from '../src/http/app.ts';
import { recordResponses } from './response-record.ts';

export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
  cookie: string;
  csrf: string;
}

export type CallOptions = InjectOptions & {
  /** send the CSRF token (default true) */
  csrf?: boolean;
};

export interface HttpHarness {
  readonly app: FastifyInstance;
  readonly kb: Kb;
  readonly orgA: string;
  readonly orgB: string;
  /** a member of organisation A of each role */
  readonly as: Record<Role, Actor>;
  /** the owner of organisation B */
  readonly outsider: Actor;
  /** a company of A linked to A's client */
  readonly linked: string;
  /** a company of A not linked to A's client */
  readonly unlinked: string;
  /** a company of B */
  readonly theirs: string;
  /** a new member of `org` with `role`, signed in */
  actor(org: string, role: Role): Promise<Actor>;
  /** an inject as `actor` (anonymous when undefined) */
  call(actor: Actor | undefined, opts: CallOptions): Promise<LightMyRequestResponse>;
  /** links a company to a client user */
  link(org: string, userId: string, companyId: string): Promise<void>;
  /** the app's address on a real socket (listening from the first call on; closed with the app) */
  listening(): Promise<string>;
}

const WRITERS: readonly Role[] = ['owner', 'admin', 'consultant'];
const MANAGERS: readonly Role[] = ['owner', 'admin'];
export const isWriter = (role: Role) => WRITERS.includes(role);
export const isManager = (role: Role) => MANAGERS.includes(role);

let serial = 0;
/** a valid USCC, unique within the test process */
export function uscc(): string {
  const org8 = `MA${String(++serial).padStart(6, '0')}`;
  const first17 = `91330100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
}

let sharedKb: Kb | undefined;

export function httpHarness(t: DbContext, options: Partial<AppOptions> = {}): HttpHarness {
  const state: Partial<{ -readonly [K in keyof HttpHarness]: HttpHarness[K] }> & {
    address?: Promise<string>;
  } = {};
  const need = <K extends keyof HttpHarness>(k: K): HttpHarness[K] => {
    const v = state[k];
    if (v === undefined) throw new Error(`httpHarness: ${String(k)} is there only from beforeAll on`);
    return v as HttpHarness[K];
  };

  const actor = async (org: string, role: Role): Promise<Actor> => {
    const userId = await seedMember(t.db, org, role);
    // a session by the app's clock, so that an app stopped at another time still finds it live
    const s = await createSession(options.clock ? withClock(t.db, options.clock) : t.db, userId);
    return { userId, organisationId: org, role, cookie: s.cookieValue, csrf: s.csrfToken };
  };
  const link = async (org: string, userId: string, companyId: string) => {
    await t.db.kysely
      .insertInto('client_company_links')
      .values({
        organisation_id: org,
        user_id: userId,
        company_id: companyId,
        created_at: new Date().toISOString(),
      })
      .execute();
  };

  let recorded: { finish(): void } | undefined;
  beforeAll(async () => {
    sharedKb ??= loadKb();
    state.kb = sharedKb;
    state.app = await buildApp({
      kb: sharedKb,
      db: t.db,
      rateLimitPerMinute: false,
      validateResponses: true,
      ...options,
    });
    // every response is checked against the OpenAPI document; SQLite's are kept for the client's type-check
    recorded = recordResponses(
      state.app,
      `${basename(expect.getState().testPath ?? 'routes')}-${t.dialect}`,
      t.dialect === 'sqlite',
    );
    state.orgA = await seedOrganisation(t.db, '甲咨询');
    state.orgB = await seedOrganisation(t.db, '乙咨询');
    const as: Partial<Record<Role, Actor>> = {};
    for (const role of roles) as[role] = await actor(state.orgA, role);
    state.as = as as Record<Role, Actor>;
    state.outsider = await actor(state.orgB, 'owner');
    state.linked = await seedCompany(t.db, state.orgA, { name: '已关联公司', uscc: uscc() });
    state.unlinked = await seedCompany(t.db, state.orgA, { name: '未关联公司', uscc: uscc() });
    state.theirs = await seedCompany(t.db, state.orgB, { name: '乙的公司', uscc: uscc() });
    await link(state.orgA, as.client!.userId, state.linked);
  });
  afterAll(async () => {
    recorded?.finish();
    await state.app?.close();
  });

  return {
    get app() {
      return need('app');
    },
    get kb() {
      return need('kb');
    },
    get orgA() {
      return need('orgA');
    },
    get orgB() {
      return need('orgB');
    },
    get as() {
      return need('as');
    },
    get outsider() {
      return need('outsider');
    },
    get linked() {
      return need('linked');
    },
    get unlinked() {
      return need('unlinked');
    },
    get theirs() {
      return need('theirs');
    },
    actor,
    link,
    listening() {
      state.address ??= need('app').listen({ port: 0, host: '127.0.0.1' });
      return state.address;
    },
    call(a, opts) {
      const { csrf = true, ...rest } = opts;
      return need('app').inject({
        ...rest,
        cookies: a ? { [SESSION_COOKIE]: a.cookie } : {},
        headers: { ...(a && csrf ? { 'x-csrf-token': a.csrf } : {}), ...(rest.headers ?? {}) },
      });
    },
  };
}
