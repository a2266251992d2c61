/**
 * Rule cases as data: every file in cases/ is one situation, named after it, with a profile, a date and the
 * conclusions icpdesk must reach. Sets (licences, filings, permits) are compared exactly; pitfalls and
 * questions list what must (or must not) appear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assess, assessSummary, parseProfile, summarize } from '../src/index.ts';

interface Case {
  description: string;
  asOf: string;
  submitOn?: string;
  profile: unknown;
  expect: {
    licences?: string[];
    undetermined?: string[];
    filings?: string[];
    permits?: string[];
    authority?: string | null;
    eligible?: boolean | null;
    checks?: Record<string, 'met' | 'unmet' | 'unknown' | 'absent'>;
    pitfalls?: string[];
    pitfallsAbsent?: string[];
    questions?: string[];
    questionsAbsent?: string[];
    /** the rules behind a filing, by kind */
    filingReasons?: Record<string, string[]>;
    notPermitted?: string[];
    needsLicence?: boolean | null;
    timeline?: Record<string, string>;
    /** number resources as "id open", open being yes | no | unknown */
    numbers?: string[];
    /** government fees as "id charged|free" */
    fees?: string[];
    /** the penalties a pitfall shows, by pitfall id */
    pitfallPenalties?: Record<string, string[]>;
  };
}

const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const kb = loadKb();

describe('rule cases', () => {
  it('has enough cases to cover the catalogue', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
  });

  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file.replace(/\.yaml$/, '')}: ${c.description}`, () => {
      const parsed = parseProfile(kb, c.profile);
      if (!parsed.ok)
        throw new Error(`invalid profile: ${parsed.issues.map((i) => i.message.en).join('; ')}`);
      const r = assess(kb, parsed.profile, { asOf: c.asOf, ...(c.submitOn ? { submitOn: c.submitOn } : {}) });
      const e = c.expect;
      const sorted = (xs: string[]) => [...xs].sort();
      if (e.licences)
        expect(
          sorted(r.licences.map((l) => `${l.code}${l.scope ? `:${l.scope}` : ''} ${l.requirement}`)),
        ).toEqual(sorted(e.licences));
      if (e.undetermined)
        expect(sorted(r.undetermined.map((u) => `${u.kind}:${u.id}${u.scope ? `:${u.scope}` : ''}`))).toEqual(
          sorted(e.undetermined),
        );
      if (e.filings)
        expect(sorted(r.filings.map((f) => `${f.kind} ${f.variant}`))).toEqual(sorted(e.filings));
      if (e.permits)
        expect(sorted(r.otherPermits.map((p) => `${p.id} ${p.requirement}`))).toEqual(sorted(e.permits));
      if (e.authority !== undefined) expect(r.authority.id).toBe(e.authority);
      if (e.eligible !== undefined) expect(r.eligibility.eligible).toBe(e.eligible);
      if (e.needsLicence !== undefined) expect(r.summary.needsLicence).toBe(e.needsLicence);
      for (const [key, status] of Object.entries(e.checks ?? {})) {
        const [id, subject] = key.split(':');
        const found = r.eligibility.checks.find(
          (x) => x.id === id && (subject === undefined || x.subject === subject),
        );
        if (status === 'absent') expect(found, key).toBeUndefined();
        else expect(found?.status, key).toBe(status);
      }
      const pits = r.pitfalls.map((p) => p.id);
      for (const p of e.pitfalls ?? []) expect(pits, p).toContain(p);
      for (const p of e.pitfallsAbsent ?? []) expect(pits, p).not.toContain(p);
      const qs = r.questions.map((q) => q.id);
      for (const q of e.questions ?? []) expect(qs, q).toContain(q);
      for (const q of e.questionsAbsent ?? []) expect(qs, q).not.toContain(q);
      for (const [kind, rules] of Object.entries(e.filingReasons ?? {}))
        expect(
          r.filings.find((f) => f.kind === kind)?.reasons.map((x) => x.rule),
          kind,
        ).toEqual(rules);
      if (e.notPermitted)
        expect(sorted(r.notPermitted.map((n) => n.activity))).toEqual(sorted(e.notPermitted));
      if (e.numbers)
        expect(sorted((r.numbers ?? []).map((n) => `${n.id} ${n.open}`))).toEqual(sorted(e.numbers));
      if (e.fees)
        expect(sorted((r.fees ?? []).map((f) => `${f.id} ${f.charged ? 'charged' : 'free'}`))).toEqual(
          sorted(e.fees),
        );
      for (const [pit, ids] of Object.entries(e.pitfallPenalties ?? {}))
        expect(sorted(r.pitfalls.find((p) => p.id === pit)?.penalties?.map((x) => x.id) ?? []), pit).toEqual(
          sorted(ids),
        );
      for (const n of r.numbers ?? []) {
        expect(n.sources.length, `${n.id} sources`).toBeGreaterThan(0);
        expect(n.facts.length, `${n.id} facts`).toBeGreaterThan(0);
      }
      for (const f of r.fees ?? []) expect(f.sources.length, `${f.id} sources`).toBeGreaterThan(0);
      for (const [step, date] of Object.entries(e.timeline ?? {})) {
        const [id, which] = step.split('.') as [string, 'expected' | 'latest' | undefined];
        const s = r.timeline?.steps.find((x) => x.id === id);
        expect(s?.[which ?? 'expected'], step).toBe(date);
      }
      // every conclusion is explained: a rule, sources with titles, facts
      for (const l of r.licences)
        for (const reason of l.reasons) {
          expect(reason.rule).toBeTruthy();
          expect(reason.sources.length).toBeGreaterThan(0);
          expect(reason.facts.length).toBeGreaterThan(0);
        }
      for (const ch of r.eligibility.checks) expect(ch.sources.length, `${ch.id} sources`).toBeGreaterThan(0);
      // the summary made without the explanation is the summary of the full result
      const opts = { asOf: c.asOf, ...(c.submitOn ? { submitOn: c.submitOn } : {}) };
      expect(JSON.stringify(assessSummary(kb, parsed.profile, opts))).toBe(JSON.stringify(summarize(r)));
    });
  }
});
