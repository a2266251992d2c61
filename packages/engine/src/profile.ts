/**
 * The business profile: the input of assess(). Validated once, here, at the edge; assess() trusts it.
 * Every field but the activities may be missing: a conclusion that needs a missing fact becomes `unknown`
 * and the result says which question settles it.
 */
import { channel, entityType, type Kb, pilotArea, serverLocation, userReach } from '@icpdesk/kb';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { type EngineIssue, issueMessages } from './errors.ts';
import { checkLimits, PROFILE_LIMITS as L, profileLimitSpec } from './limits.ts';
import { zodIssues } from './zod-issues.ts';

const provinceCode = z.string().regex(/^CN-[A-Z]{2}$/);
const str = z.string().max(L.stringLength);

export const profileSchema = z
  .strictObject({
    /** echoed in the result, for batch correlation */
    id: z.union([str, z.number()]).optional(),
    entity: z
      .strictObject({
        type: z.enum(['company', 'individual']).optional(),
        name: str.optional(),
        registeredProvince: provinceCode.optional(),
        pilotArea: pilotArea.nullable().optional(),
        registeredCapitalCny: z.number().finite().nonnegative().optional(),
        foreignSharePercent: z.number().finite().min(0).max(100).optional(),
        onCreditBlacklist: z.boolean().optional(),
      })
      .optional(),
    service: z.strictObject({
      coverage: z
        .array(z.union([z.literal('nationwide'), provinceCode]))
        .min(1)
        .max(L.coverage)
        .optional()
        .describe(
          'Where the business is set up and operates: the provinces of the company, its branches and its servers (province codes, or "nationwide"). Not where its users are: see userReach. Two or more provinces need a cross-regional licence from MIIT.',
        ),
      userReach: userReach
        .optional()
        .describe(
          'Where the users are. Informational: a licence for one province serves users anywhere, so this never makes a licence cross-regional.',
        ),
      activities: z.array(str).min(1).max(L.activities),
      serverLocation: serverLocation.optional(),
      channels: z.array(channel).max(L.channels).optional(),
      answers: z
        .record(str, z.boolean())
        .refine((a) => Object.keys(a).length <= L.answers, { message: `at most ${L.answers} answers` })
        .optional(),
    }),
  })
  .meta({
    id: 'Profile',
    description:
      'A business profile, the input of an assessment: who applies (entity) and what it offers (service). Every field but service.activities may be missing; a conclusion that needs a missing fact is undetermined.',
  });
export type Profile = z.infer<typeof profileSchema>;

export type ParseResult = { ok: true; profile: Profile } | { ok: false; issues: EngineIssue[] };

// ------------------------------------------------------------------ fast path
// Batches validate hundreds of thousands of profiles; most are well-formed. looksValid() accepts only input
// that profileSchema certainly accepts (a subset of it), so a well-formed profile skips zod; anything else
// goes through zod for its exact error. profile.test.ts checks the subset property on generated input.

const entityKeys = new Set([
  'type',
  'name',
  'registeredProvince',
  'pilotArea',
  'registeredCapitalCny',
  'foreignSharePercent',
  'onCreditBlacklist',
]);
const serviceKeys = new Set(['coverage', 'userReach', 'activities', 'serverLocation', 'channels', 'answers']);
const topKeys = new Set(['id', 'entity', 'service']);
const entityTypes = new Set<unknown>(entityType.options);
const pilotAreas = new Set<unknown>(pilotArea.options);
const serverLocations = new Set<unknown>(serverLocation.options);
const userReaches = new Set<unknown>(userReach.options);
const channels = new Set<unknown>(channel.options);
const province = /^CN-[A-Z]{2}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const shortString = (v: unknown): v is string => typeof v === 'string' && v.length <= L.stringLength;
const onlyKeys = (o: Record<string, unknown>, keys: Set<string>) => {
  for (const k in o) if (!keys.has(k)) return false;
  return true;
};

export function looksValid(input: unknown): input is Profile {
  if (!isObject(input) || !onlyKeys(input, topKeys)) return false;
  const { id, entity: e, service: s } = input;
  if (id !== undefined && !shortString(id) && !finite(id)) return false;
  if (e !== undefined) {
    if (!isObject(e) || !onlyKeys(e, entityKeys)) return false;
    if (e.type !== undefined && !entityTypes.has(e.type)) return false;
    if (e.name !== undefined && !shortString(e.name)) return false;
    if (
      e.registeredProvince !== undefined &&
      !(typeof e.registeredProvince === 'string' && province.test(e.registeredProvince))
    )
      return false;
    if (e.pilotArea !== undefined && e.pilotArea !== null && !pilotAreas.has(e.pilotArea)) return false;
    const c = e.registeredCapitalCny;
    if (c !== undefined && !(finite(c) && c >= 0)) return false;
    const f = e.foreignSharePercent;
    if (f !== undefined && !(finite(f) && f >= 0 && f <= 100)) return false;
    if (e.onCreditBlacklist !== undefined && typeof e.onCreditBlacklist !== 'boolean') return false;
  }
  if (!isObject(s) || !onlyKeys(s, serviceKeys)) return false;
  const { coverage, activities, serverLocation: loc, channels: ch, answers } = s;
  if (coverage !== undefined) {
    if (!Array.isArray(coverage) || coverage.length === 0 || coverage.length > L.coverage) return false;
    for (const x of coverage)
      if (x !== 'nationwide' && !(typeof x === 'string' && province.test(x))) return false;
  }
  if (!Array.isArray(activities) || activities.length === 0 || activities.length > L.activities) return false;
  for (const a of activities) if (!shortString(a)) return false;
  if (loc !== undefined && !serverLocations.has(loc)) return false;
  if (s.userReach !== undefined && !userReaches.has(s.userReach)) return false;
  if (ch !== undefined) {
    if (!Array.isArray(ch) || ch.length > L.channels) return false;
    for (const x of ch) if (!channels.has(x)) return false;
  }
  if (answers !== undefined) {
    if (!isObject(answers)) return false;
    let n = 0;
    for (const k in answers)
      if (++n > L.answers || k.length > L.stringLength || typeof answers[k] !== 'boolean') return false;
  }
  return true;
}

/**
 * Validates an untrusted profile against the schema, the technical limits (limits.ts) and the knowledge base;
 * repeated activities, provinces and channels are collapsed. Never throws on bad input.
 */
export function parseProfile(kb: Kb, input: unknown): ParseResult {
  const fast = looksValid(input);
  const tooLarge = fast ? [] : checkLimits(input, profileLimitSpec);
  if (tooLarge.length) return { ok: false, issues: tooLarge };
  const issues: EngineIssue[] = [];
  const r = fast ? { success: true as const, data: input } : profileSchema.safeParse(input);
  if (!r.success)
    return {
      ok: false,
      issues: zodIssues(profileSchema, input, r.error, (path) =>
        /coverage|registeredProvince/.test(path) ? provinceChoices(kb, path.includes('coverage')) : undefined,
      ),
    };
  const p = collapsed(r.data);
  const reported = new Set<string>();
  r.data.service.activities.forEach((a, i) => {
    if (!kb.activities.has(a) && !reported.has(a) && reported.add(a))
      issues.push(issueMessages.unknownActivity(`service.activities[${i}]`, a, suggestActivity(kb, a)));
  });
  const provinces = provinceSet(kb);
  r.data.service.coverage?.forEach((c, i) => {
    if (c !== 'nationwide' && !provinces.has(c))
      issues.push(issueMessages.notOneOf(`service.coverage[${i}]`, c, provinceChoices(kb, true)));
  });
  if (p.entity?.registeredProvince && !provinces.has(p.entity.registeredProvince))
    issues.push(
      issueMessages.notOneOf(
        'entity.registeredProvince',
        p.entity.registeredProvince,
        provinceChoices(kb, false),
      ),
    );
  for (const q of Object.keys(p.service.answers ?? {})) {
    if (!kb.questions.has(q)) {
      const ids = [...kb.questions.keys()];
      issues.push(
        issueMessages.unknownQuestion(`service.answers.${q}`, q, ids.length ? closest(q, ids) : undefined),
      );
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, profile: p };
}

const unique = <T>(xs: T[]): T[] => {
  const set = new Set(xs);
  return set.size === xs.length ? xs : [...set];
};

/** the profile with repeated activities, provinces and channels once each, in first-seen order */
function collapsed(p: Profile): Profile {
  const s = p.service;
  const activities = unique(s.activities);
  const coverage = s.coverage && unique(s.coverage);
  const channels = s.channels && unique(s.channels);
  if (activities === s.activities && coverage === s.coverage && channels === s.channels) return p;
  const service = { ...s, activities };
  if (coverage) service.coverage = coverage;
  if (channels) service.channels = channels;
  return { ...p, service };
}

const provinceSets = new WeakMap<Kb, Set<string>>();

function provinceSet(kb: Kb): Set<string> {
  let set = provinceSets.get(kb);
  if (!set) {
    set = new Set([...kb.authorities.values()].filter((a) => a.kind === 'provincial-ca').map((a) => a.id));
    provinceSets.set(kb, set);
  }
  return set;
}

function provinceChoices(kb: Kb, withNationwide: boolean): string[] {
  const codes = [...kb.authorities.values()].filter((a) => a.kind === 'provincial-ca').map((a) => a.id);
  return withNationwide ? ['nationwide', ...codes] : codes;
}

/** The activity id nearest to what the user typed: by alias first, then by edit distance. */
export function suggestActivity(kb: Kb, typed: string): string | undefined {
  const t = typed.trim().toLowerCase();
  for (const a of kb.activities.values()) {
    if (a.aliases.some((x) => x.toLowerCase() === t) || a.name.zh === typed || a.name.en.toLowerCase() === t)
      return a.id;
  }
  const ids = [...kb.activities.keys()];
  if (ids.length === 0) return undefined;
  // no id can be near a much longer string (the distance is at least the difference in length): skip the work
  const longest = Math.max(...ids.map((id) => id.length));
  if (t.length > longest + Math.max(3, Math.floor(longest / 2))) return undefined;
  const best = closest(t, ids);
  return distance(t, best) <= Math.max(3, Math.floor(best.length / 2)) ? best : undefined;
}
