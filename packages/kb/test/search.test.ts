/**
 * Search as data: search-questions.yaml lists natural questions (Chinese and English) and the entry that must
 * come first for each. Also: the index is built once, and a query stays fast.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadKb, searchKb } from '../src/index.ts';

const kb = loadKb();
const questions = parse(readFileSync(new URL('./search-questions.yaml', import.meta.url), 'utf8')) as {
  q: string;
  top: string;
}[];

describe('kb search answers natural questions', () => {
  it('has at least 40 questions, each naming an entry that exists', () => {
    expect(questions.length).toBeGreaterThanOrEqual(40);
    for (const { q, top } of questions) {
      const known =
        kb.faqs.has(top) ||
        kb.categories.has(top as never) ||
        kb.activities.has(top) ||
        kb.penalties.has(top) ||
        kb.fees.has(top) ||
        kb.numbers.has(top);
      expect(known, `${q} → ${top}`).toBe(true);
    }
  });

  for (const { q, top } of questions)
    it(`${q} → ${top}`, () => {
      const hits = searchKb(kb, q);
      expect(hits[0]?.id, hits.map((h) => `${h.id} ${h.score}`).join(', ')).toBe(top);
    });

  it('gives an answer with a faq hit', () => {
    const [hit] = searchKb(kb, 'EDI证过期了还能续吗？');
    expect(hit?.kind).toBe('faq');
    expect(hit?.answer?.zh).toMatch(/90/);
  });

  it('widens a query by its synonyms at a lower weight than the words typed', () => {
    // 续办 is a synonym of 续期: it finds the renewal answer, below what 续期 itself scores
    const typed = searchKb(kb, 'EDI证过期 续期').find((h) => h.id === 'faq-edi-expired-renew');
    const synonym = searchKb(kb, 'EDI证过期 续办').find((h) => h.id === 'faq-edi-expired-renew');
    expect(synonym).toBeDefined();
    expect(typed!.score).toBeGreaterThan(synonym!.score);
  });

  it('answers a query in well under 20 ms once the index is built', () => {
    searchKb(kb, '预热');
    const started = performance.now();
    for (const { q } of questions) searchKb(kb, q);
    const perQuery = (performance.now() - started) / questions.length;
    expect(perQuery).toBeLessThan(20);
  });
});
