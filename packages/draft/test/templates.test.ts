/**
 * Every template of the kb drafted from the example applicant and rendered, one DOCX file each (written to a
 * temporary folder), then read back independently: the title, the section headings, the facts filled in and
 * the gaps highlighted where the catalogue's facts have no value (the user's own facts are left out).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chineseDate, chineseMoney, draftDocument, resolveFacts } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../src/index.ts';
import { readDocx } from './docx-reader.ts';
import { exampleSubject } from './fixtures.ts';

const kb = loadKb();
const templates = [...kb.templates.values()];
const out = mkdtempSync(join(tmpdir(), 'icpdesk-drafts-'));
const values = resolveFacts(kb, exampleSubject());

/** how a filled scalar value reads in the document */
function written(type: string, v: unknown): string | undefined {
  if (typeof v === 'number') return type === 'money' ? chineseMoney(v) : String(v);
  if (typeof v === 'string') return type === 'date' ? chineseDate(v) : v;
  return undefined;
}

describe('every document template of the kb', () => {
  it('there are templates to draft', () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s: drafted, rendered and read back', async (id, t) => {
    const doc = draftDocument(kb, t, values);
    const bytes = await renderDocx(doc);
    writeFileSync(join(out, `${id}.docx`), bytes);
    const docx = readDocx(bytes);
    const html = (await mammoth.convertToHtml({ buffer: bytes })).value;

    expect(docx.paragraphs[0]?.text).toBe(t.title.zh);
    const headings = [...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]);
    expect(headings).toEqual(
      t.layout === 'report' ? doc.sections.map((s) => `${s.number}、${s.heading}`) : [],
    );
    expect(docx.text).not.toMatch(/\{\{|\}\}/);

    for (const factId of t.facts) {
      const f = kb.templateFacts.get(factId)!;
      const text = written(f.type, values[factId]);
      if (text && t.sections.some((s) => JSON.stringify(s.blocks).includes(`{{${factId}}}`)))
        expect(docx.text, factId).toContain(text);
    }
    const gaps = docx.paragraphs.flatMap((p) => p.highlighted);
    for (const m of doc.missing) {
      expect(values[m.id], m.id).toBeUndefined();
      expect(gaps, m.id).toContain(`【待补充：${m.label.zh}】`);
    }
    expect(gaps.length).toBe(doc.missing.reduce((n, m) => n + m.count, 0));
  });
});
