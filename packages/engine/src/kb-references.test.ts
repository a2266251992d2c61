import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { checkKbReferences, normaliseCode } from './kb-references.ts';

const kb = loadKb();
const codesOf = (codes: string[]) => checkKbReferences(kb, { codes }).map((i) => `${i.index}:${i.code}`);

describe('checkKbReferences', () => {
  it('accepts catalogue codes with a scope exactly where the category has scopes', () => {
    expect(checkKbReferences(kb, { codes: ['B11', 'B25:internet', 'B25:non-internet'] })).toEqual([]);
  });

  it.each([
    [['B99'], ['0:CODE_UNKNOWN']],
    [['B25:internet:x'], ['0:CODE_UNKNOWN']],
    [['B25'], ['0:CODE_SCOPE_REQUIRED']],
    [['B25:web'], ['0:CODE_SCOPE_UNKNOWN']],
    [['B11:internet'], ['0:CODE_SCOPE_UNKNOWN']],
    [['B11', 'B21', 'B11'], ['2:CODE_REPEATED']],
  ])('%j → %j', (codes, expected) => {
    expect(codesOf(codes)).toEqual(expected);
  });

  it('checks the authority and the material ids, in both languages', () => {
    const issues = checkKbReferences(kb, {
      authority: 'CN-XX',
      materials: [kb.materials[0]!.id, 'no-such-material'],
    });
    expect(issues.map((i) => [i.field, i.code, i.value])).toEqual([
      ['authority', 'AUTHORITY_UNKNOWN', 'CN-XX'],
      ['materials', 'MATERIAL_UNKNOWN', 'no-such-material'],
    ]);
    for (const i of issues) {
      expect(i.message.zh).toMatch(/\p{Script=Han}/u);
      expect(i.message.en).toContain(i.value);
    }
    expect(checkKbReferences(kb, { authority: 'MIIT', materials: [] })).toEqual([]);
    expect(checkKbReferences(kb, { authority: null })).toEqual([]);
  });

  it('normalises case and spacing of a code', () => {
    expect(normaliseCode(' b25:Internet ')).toBe('B25:internet');
    expect(normaliseCode('ｂ１１')).toBe('B11');
  });
});
