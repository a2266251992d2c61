/**
 * Change-impact cases as data: every file in impact-cases/ is one situation, named after it — a profile, the
 * register facts, a proposed change and a date — with what impact() must conclude. Findings are written
 * "<kind> <subject>" and deadlines "<kb rule> <kb parameter> <due|null> [stricter]"; lists given are compared
 * exactly (as sets), fields left out are not checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  changeEvents,
  impact,
  impactSchema,
  obligations,
  parseChange,
  parseProfile,
  parseRegisterFacts,
} from '../src/index.ts';

interface Case {
  description: string;
  asOf: string;
  change: unknown;
  profile: unknown;
  register?: unknown;
  expect: {
    profileChanges?: string[];
    authority?: { before: string | null; after: string | null };
    eligible?: { before: boolean | null; after: boolean | null };
    same?: boolean;
    filingsAfter?: string[];
    licencesAfter?: string[];
    findings?: string[];
    findingKinds?: string[];
    deadlines?: string[];
    /** "<kb rule> <nominal due|null>" */
    nominalDues?: string[];
    notes?: number;
  };
}

const dir = new URL('./impact-cases/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const kb = loadKb();
const sorted = (xs: string[]) => [...xs].sort();

describe('change-impact cases', () => {
  it('has a case for every kind of change', () => {
    const kinds = new Set(
      files
        .map((f) => (parse(readFileSync(new URL(f, dir), 'utf8')) as Case).change as { kind: string })
        .map((c) => c.kind),
    );
    expect([...kinds].sort()).toEqual([
      'capital-reduction',
      'foreign-investment',
      'new-activity',
      'new-domain',
      'new-shareholder',
      'rename',
      'servers-abroad',
      'wider-coverage',
    ]);
  });

  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file.replace(/\.yaml$/, '')}: ${c.description}`, () => {
      const profile = parseProfile(kb, c.profile);
      const change = parseChange(kb, c.change);
      const facts = parseRegisterFacts(c.register);
      if (!profile.ok || !change.ok || !facts.ok) throw new Error(`invalid case input in ${file}`);
      const r = impact(kb, profile.profile, change.change, facts.facts, { asOf: c.asOf });
      expect(impactSchema.safeParse(r).success).toBe(true);
      const e = c.expect;
      if (e.profileChanges) expect(r.profileChanges).toEqual(e.profileChanges);
      if (e.authority) expect({ before: r.before.authority, after: r.after.authority }).toEqual(e.authority);
      if (e.eligible) expect({ before: r.before.eligible, after: r.after.eligible }).toEqual(e.eligible);
      if (e.same !== undefined) expect(r.comparison.same).toBe(e.same);
      if (e.filingsAfter) expect(sorted(r.after.filings)).toEqual(sorted(e.filingsAfter));
      if (e.licencesAfter) expect(sorted(r.after.licences)).toEqual(sorted(e.licencesAfter));
      if (e.findings)
        expect(sorted(r.findings.map((f) => `${f.kind} ${f.subject}`))).toEqual(sorted(e.findings));
      if (e.findingKinds)
        expect([...new Set(r.findings.map((f) => f.kind))].sort()).toEqual(sorted(e.findingKinds));
      if (e.deadlines)
        expect(
          sorted(r.deadlines.map((d) => `${d.id} ${d.parameterId} ${d.due}${d.stricter ? ' stricter' : ''}`)),
        ).toEqual(sorted(e.deadlines));
      if (e.nominalDues)
        expect(sorted(r.deadlines.map((d) => `${d.id} ${d.nominalDue}`))).toEqual(sorted(e.nominalDues));
      const subjects = r.deadlines.map((d) => d.subject);
      const shared = new Set(subjects.filter((s, i) => subjects.indexOf(s) !== i));
      if (e.notes !== undefined)
        expect(r.notes.length).toBe(
          e.notes + (r.deadlines.some((d) => d.due === null) ? 1 : 0) + shared.size,
        );
      // every text is in both languages, and every deadline names a kb rule (and parameter) that exists
      for (const t of [...r.explanation, ...r.notes, ...r.findings.map((f) => f.text)])
        expect(t.zh && t.en).toBeTruthy();
      const rules = new Set(kb.obligations.rules.map((x) => x.id));
      for (const d of r.deadlines) {
        expect(rules.has(d.id)).toBe(true);
        if (d.parameterId !== null) expect(kb.parameters.has(d.parameterId)).toBe(true);
      }
    });
  }

  // a rule lives once: obligations() over the same register and the change as company events gives the same days
  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    const on = (c.change as { on?: string }).on;
    if (!on) continue;
    it(`${file.replace(/\.yaml$/, '')}: the deadlines are the days obligations() gives for the same events`, () => {
      const profile = parseProfile(kb, c.profile);
      const change = parseChange(kb, c.change);
      const facts = parseRegisterFacts(c.register);
      if (!profile.ok || !change.ok || !facts.ok) throw new Error(`invalid case input in ${file}`);
      const r = impact(kb, profile.profile, change.change, facts.facts, { asOf: c.asOf });
      const o = obligations(kb, {
        asOf: c.asOf,
        licences: facts.facts.licences
          .filter((l) => l.status === 'active')
          .map((l) => ({ id: l.number, number: l.number, issuedOn: '2000-01-01', expiresOn: l.expiresOn })),
        filings: facts.facts.icpFilings
          .filter((f) => f.status === 'active')
          .map((f) => ({ id: f.number, kind: 'icp' as const, number: f.number, filedOn: '2000-01-01' })),
        events: changeEvents(change.change.kind).map((kind) => ({ kind, on })),
      }).obligations;
      const dated = r.deadlines.filter((d) => d.subject === 'licence' || d.subject === 'icp-filing');
      for (const d of dated)
        for (const number of d.appliesTo) {
          const same = o.find((x) => x.rule === d.id && x.belongsTo.label === number);
          expect(same?.window.due, `${d.id} ${number}`).toBe(d.due);
        }
    });
  }
});
