import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parseProfile } from './profile.ts';

const kb = loadKb();
const issuesOf = (input: unknown) => {
  const r = parseProfile(kb, input);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
};

describe('profile issues', () => {
  const bad = [
    { id: { a: 1 }, service: { activities: ['x'] } }, // a union: text or a number
    { service: { activities: 'x' } },
    { entity: { foreignSharePercent: 200 }, service: { activities: ['x'] } },
    { service: { activities: ['x'], coverage: [5] } },
    { service: { activities: ['x'], answers: { q: 'yes' } } },
    [],
  ];

  it('say what was expected in icpdesk’s words, in both languages, never zod’s', () => {
    for (const input of bad)
      for (const i of issuesOf(input))
        for (const lang of ['zh', 'en'] as const) {
          expect(i.message[lang]).not.toMatch(/Invalid input|Too (big|small)|Invalid option/);
          expect(i.detail[lang]).not.toMatch(/Invalid input|Too (big|small)|Invalid option/);
        }
  });

  it('give a detail without the path, and a message that starts with it', () => {
    for (const input of bad)
      for (const i of issuesOf(input)) {
        if (/[.[]/.test(i.path)) expect(i.detail.en).not.toContain(i.path);
        expect(i.message.en.startsWith(i.path || '(root)') || i.message.en.startsWith('unknown field')).toBe(
          true,
        );
      }
  });

  it('name the forms of a union and the bound of a range', () => {
    const [union] = issuesOf(bad[0]).filter((i) => i.path === 'id');
    expect(union!.detail.en).toBe('{"a":1} is not valid here: expected one of: text; a number');
    const [range] = issuesOf(bad[2]).filter((i) => i.path === 'entity.foreignSharePercent');
    expect(range!.detail).toEqual({
      zh: '值 200 无效：不能大于 100',
      en: '200 is not valid here: at most 100',
    });
  });
});
