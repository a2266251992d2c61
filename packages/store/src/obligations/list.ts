/**
 * Obligations over stored data (issue #11 §1 and §4): the scope's licences, register, company events and
 * obligation records read (./facts.ts), the engine's obligations() applied as of a day, and the result filtered.
 *
 * - `listObligations(db, kb, scope, query)`: tenancy-checked — the scope's organisation, and for a client only
 *   its linked companies; a company or licence the scope does not see gives undefined (404);
 * - `obligationsOfOrganisation(db, kb, organisationId, asOf)`: unscoped, for background work (reminders).
 */
import {
  filterObligations,
  type ObligationFilter,
  type ObligationsResult,
  obligations,
  obligationsPage,
} from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import type { Kysely } from 'kysely';
import { auditVersion } from '../audit-versions.ts';
import type { Db } from '../db.ts';
import type { Database } from '../schema.ts';
import { companyVisible, type Scope, visibilityKey } from '../scope.ts';
import { EVENT_ENTITIES, EVENT_SOURCE } from './company-events.ts';
import { changeCompletions, type FactGap, obligationFacts, type StoredFacts } from './facts.ts';

export interface ObligationQuery extends ObligationFilter {
  /** only this company's obligations (its licences, register and events) */
  companyId?: string;
  /** only this licence's obligations */
  licenceId?: string;
  /** the day to judge by; default the database clock's today (China) */
  asOf?: string;
  /** a page of the filtered list, in its order (by due day): skip `offset`, then at most `limit` */
  offset?: number;
  limit?: number;
}

/** the engine's result with what the store could not supply */
export interface StoredObligations extends ObligationsResult {
  /** how company events were found, and which kinds the store cannot know */
  events: Text;
  /** stored rows left out of the computation, with the reason */
  gaps: FactGap[];
  /** how many obligations the filters let through, before the page (offset, limit) was cut */
  total?: number;
}

/** the rows read: all of an organisation, or one company's; restricted to a scope's visible companies */
interface Reach {
  organisationId: string;
  companyId?: string;
  scope?: Scope;
}

type Table = keyof Database & string;

/** column = value, or column in values */
type Narrow = Record<string, string | readonly string[]>;

function rows<T extends Table>(db: Db, reach: Reach, table: T, narrow: Narrow = {}) {
  // the tables share organisation_id and company_id; the builder is typed loosely for the generic query
  const name: string = table;
  let q = (db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>)
    .selectFrom(name)
    .selectAll()
    .where(`${name}.organisation_id`, '=', reach.organisationId);
  if (reach.companyId) q = q.where(`${name}.company_id`, '=', reach.companyId);
  if (reach.scope) q = q.where(companyVisible(reach.scope, table) as never);
  for (const [column, v] of Object.entries(narrow))
    q = typeof v === 'string' ? q.where(column, '=', v) : q.where(column, 'in', [...v]);
  return q.execute() as unknown as Promise<Database[T][]>;
}

/** an object of promises, awaited together */
async function awaitAll<T extends Record<string, Promise<unknown>>>(o: T) {
  const values = await Promise.all(Object.values(o));
  return Object.fromEntries(Object.keys(o).map((k, i) => [k, values[i]])) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

function storedFacts(db: Db, reach: Reach): Promise<StoredFacts> {
  return awaitAll({
    licences: rows(db, reach, 'licences'),
    icpFilings: rows(db, reach, 'icp_filings'),
    appFilings: rows(db, reach, 'app_filings'),
    publicSecurityFilings: rows(db, reach, 'public_security_filings'),
    numbers: rows(db, reach, 'number_resources'),
    annualReports: rows(db, reach, 'annual_reports'),
    domains: rows(db, reach, 'domains'),
    applications: rows(db, reach, 'applications', { procedure: ['renewal', 'change'] }),
    changes: rows(db, reach, 'audit_log', { action: 'update', entity: EVENT_ENTITIES }),
    records: rows(db, reach, 'obligation_records'),
    recordedEvents: rows(db, reach, 'company_events'),
  });
}

interface Computed {
  kb: Kb;
  version: number;
  result: StoredObligations;
}

/** results kept per database handle, least recently used first, up to CACHED_OBLIGATIONS obligations */
const computed = new WeakMap<Db, Map<string, Computed>>();
const CACHED_OBLIGATIONS = 400_000;

/**
 * The obligations of a reach as of a day, computed again only when the organisation's audit version moved
 * (every write of the rows read here leaves an audit entry), the kb is another or the day is another. The
 * result is shared between callers: never change it.
 */
async function computeOnce(db: Db, kb: Kb, reach: Reach, asOf: string): Promise<StoredObligations> {
  const version = await auditVersion(db.kysely, reach.organisationId); // before the rows: see audit-versions.ts
  const key = [reach.organisationId, reach.companyId ?? '*', visibilityKey(reach.scope), asOf].join('|');
  const cache = computed.get(db) ?? new Map<string, Computed>();
  computed.set(db, cache);
  const hit = cache.get(key);
  cache.delete(key);
  if (hit && hit.version === version && hit.kb === kb) {
    cache.set(key, hit);
    return hit.result;
  }
  const result = await compute(db, kb, reach, asOf);
  cache.set(key, { kb, version, result });
  let kept = 0;
  for (const c of cache.values()) kept += c.result.obligations.length;
  for (const [k, c] of cache) {
    if (kept <= CACHED_OBLIGATIONS || k === key) break;
    cache.delete(k);
    kept -= c.result.obligations.length;
  }
  return result;
}

async function compute(db: Db, kb: Kb, reach: Reach, asOf: string): Promise<StoredObligations> {
  const stored = await storedFacts(db, reach);
  const { input, gaps } = obligationFacts(stored, asOf);
  let result = obligations(kb, input);
  const completions = changeCompletions(stored, result.obligations);
  if (completions.length)
    result = obligations(kb, { ...input, completions: [...(input.completions ?? []), ...completions] });
  return { ...result, events: EVENT_SOURCE, gaps };
}

/** every obligation of an organisation as of a day, unscoped (for the worker; no filter) */
export function obligationsOfOrganisation(
  db: Db,
  kb: Kb,
  organisationId: string,
  asOf: string,
): Promise<StoredObligations> {
  return computeOnce(db, kb, { organisationId }, asOf);
}

/** the company a licence belongs to, if the scope sees the licence */
async function licenceCompany(db: Db, scope: Scope, licenceId: string) {
  const row = await db.kysely
    .selectFrom('licences')
    .select('company_id')
    .where('id', '=', licenceId)
    .where(companyVisible(scope, 'licences'))
    .executeTakeFirst();
  return row?.company_id;
}

/** whether the scope sees the company (its organisation's; a client: linked to it) */
export async function companySeen(q: Kysely<Database>, scope: Scope, companyId: string): Promise<boolean> {
  const row = await q
    .selectFrom('companies')
    .select('id')
    .where('id', '=', companyId)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The obligations the scope may see, filtered and paged, with only the rules and sources the page cites;
 * undefined when the query names a company or licence the
 * scope does not see (or that does not exist)
 */
export async function listObligations(
  db: Db,
  kb: Kb,
  scope: Scope,
  query: ObligationQuery = {},
): Promise<StoredObligations | undefined> {
  let companyId = query.companyId;
  if (query.licenceId) {
    const owner = await licenceCompany(db, scope, query.licenceId);
    if (!owner || (companyId && owner !== companyId)) return undefined;
    companyId = owner;
  } else if (companyId && !(await companySeen(db.kysely, scope, companyId))) return undefined;
  const all = await computeOnce(
    db,
    kb,
    { organisationId: scope.organisationId, companyId, scope },
    query.asOf ?? db.clock.today(),
  );
  let list = filterObligations(all.obligations, query);
  if (query.licenceId)
    list = list.filter((o) => o.belongsTo.type === 'licence' && o.belongsTo.id === query.licenceId);
  const total = list.length;
  if (query.offset || query.limit !== undefined)
    list = list.slice(
      query.offset ?? 0,
      query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit,
    );
  return obligationsPage({ ...all, total }, list);
}
