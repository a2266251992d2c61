/**
 * Obligation cases as data: every file in obligation-cases/ is one situation, named after it — an input of
 * licences, filings, numbers, events and records, the day it is read (asOf) and what given obligations must
 * say (only the fields a case names are compared). Every case is also checked against invariants that hold for
 * any input: the result matches its schema, ids are unique and the same input gives the same result, every
 * source cited is in the book, and a due day moves off a rest day only in the direction its rule says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type Obligation,
  type ObligationRuleEntry,
  type ObligationsInput,
  obligations,
  obligationsPage,
  obligationsResultSchema,
} from '../src/index.ts';

interface Expected {
  status?: string;
  opens?: string | null;
  due?: string | null;
  nominalDue?: string | null;
  doneOn?: string | null;
  late?: boolean;
  estimated?: boolean;
  parameter?: string;
  conflictGoverning?: string;
  consequenceMentions?: string;
  noteMentions?: string;
}
interface Case {
  description: string;
  asOf: string;
  input: Omit<ObligationsInput, 'asOf'>;
  expect: {
    obligations?: Record<string, Expected>;
    absent?: string[];
    count?: { rule: string; is: number };
    calendarEstimated?: boolean;
  };
}

const dir = new URL('./obligation-cases/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const kb = loadKb();

function check(o: Obligation, rule: ObligationRuleEntry, e: Expected) {
  if (e.status !== undefined) expect(o.status, 'status').toBe(e.status);
  if (e.opens !== undefined) expect(o.window.opens, 'opens').toBe(e.opens);
  if (e.due !== undefined) expect(o.window.due, 'due').toBe(e.due);
  if (e.nominalDue !== undefined) expect(o.window.nominalDue, 'nominalDue').toBe(e.nominalDue);
  if (e.doneOn !== undefined) expect(o.doneOn, 'doneOn').toBe(e.doneOn);
  if (e.late !== undefined) expect(o.late, 'late').toBe(e.late);
  if (e.estimated !== undefined) expect(o.estimated, 'estimated').toBe(e.estimated);
  if (e.parameter !== undefined) expect(rule.parameters.map((p) => p.id)).toContain(e.parameter);
  if (e.conflictGoverning !== undefined) expect(o.conflict?.governing, 'conflict').toBe(e.conflictGoverning);
  if (e.consequenceMentions !== undefined) expect(rule.consequence.text.zh).toContain(e.consequenceMentions);
  if (e.noteMentions !== undefined) expect((o.note ?? rule.note)?.zh ?? '').toContain(e.noteMentions);
}

describe('obligation cases', () => {
  it('has cases for the situations the rules turn on', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file.replace(/\.yaml$/, '')}: ${c.description}`, () => {
      const result = obligations(kb, { ...c.input, asOf: c.asOf });
      const byId = new Map(result.obligations.map((o) => [o.id, o]));
      for (const [id, e] of Object.entries(c.expect.obligations ?? {})) {
        const o = byId.get(id);
        expect(o, `${id} among ${[...byId.keys()].join(', ')}`).toBeDefined();
        check(o!, result.rules[o!.rule]!, e);
      }
      for (const id of c.expect.absent ?? []) expect(byId.has(id), `${id} absent`).toBe(false);
      if (c.expect.count)
        expect(result.obligations.filter((o) => o.rule === c.expect.count!.rule)).toHaveLength(
          c.expect.count.is,
        );
      if (c.expect.calendarEstimated !== undefined)
        expect(!!result.calendar.note?.en.includes('estimated')).toBe(c.expect.calendarEstimated);

      // invariants
      expect(obligationsResultSchema.safeParse(result).success, 'matches its schema').toBe(true);
      expect(byId.size, 'unique ids').toBe(result.obligations.length);
      expect(obligations(kb, { ...c.input, asOf: c.asOf })).toEqual(result);
      expect(Object.keys(result.rules).sort(), 'the rules used, only').toEqual(
        [...new Set(result.obligations.map((o) => o.rule))].sort(),
      );
      for (const entry of Object.values(result.rules))
        for (const s of [
          ...entry.sources,
          ...entry.consequence.sources,
          ...entry.parameters.flatMap((p) => p.sources),
        ])
          expect(result.sources[s.ref], s.ref).toBeDefined();
      // a page carries only the rules its obligations refer to, and only the sources those cite
      const page = obligationsPage(result, result.obligations.slice(-1));
      expect(Object.keys(page.rules)).toEqual(page.obligations.map((o) => o.rule));
      const cited = new Set(page.restDay.sources.map((x) => x.ref));
      for (const e of Object.values(page.rules))
        for (const x of [...e.sources, ...e.consequence.sources, ...e.parameters.flatMap((p) => p.sources)])
          cited.add(x.ref);
      expect(Object.keys(page.sources).sort(), 'the page cites what its rules cite').toEqual(
        [...cited].sort(),
      );
      for (const o of result.obligations) {
        const rule = kb.obligations.rules.find((r) => r.id === o.rule)!;
        const { due, nominalDue } = o.window;
        if (due === null || nominalDue === null) continue;
        if (rule.onRestDay === 'later') expect(due >= nominalDue).toBe(true);
        if (rule.onRestDay === 'earlier') expect(due <= nominalDue).toBe(true);
        if (rule.onRestDay === 'stays') expect(due).toBe(nominalDue);
      }
    });
  }
});
