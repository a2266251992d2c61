/**
 * The DOCX renderer, read back independently (mammoth, and word/document.xml unzipped and parsed): a
 * template with every kind of block, filled from the example applicant, with gaps where facts are missing.
 */
import { type DraftDocument, draftDocument, resolveFacts } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../src/index.ts';
import { type DocxContents, readDocx } from './docx-reader.ts';
import { exampleSubject, fixtureTemplate, withFixture } from './fixtures.ts';

const kb = withFixture(loadKb());

describe('a drafted document as DOCX', () => {
  let doc: DraftDocument;
  let docx: DocxContents;
  let html: string;

  beforeAll(async () => {
    const subject = exampleSubject();
    subject.contacts = [];
    subject.facts = { 'test.services': ['网络广告发布', '信息发布平台'] };
    doc = draftDocument(kb, fixtureTemplate, resolveFacts(kb, subject));
    const bytes = await renderDocx(doc);
    docx = readDocx(bytes);
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  });

  it('has the title and the numbered section headings (Heading 1)', () => {
    expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: '测试文书（各类内容）' });
    expect(html).toContain('<h1>一、公司基本情况</h1>');
    expect(html).toContain('<h1>二、资源与股权</h1>');
    expect(docx.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text)).toEqual([
      '（一）服务项目',
      '（一）域名',
    ]);
  });

  it('fills the facts in the text, the lists and the tables', () => {
    expect(docx.text).toContain('杭州示例信息技术有限公司注册资本为人民币100万元');
    expect(html).toContain('<ol><li>网络广告发布</li><li>信息发布平台</li></ol>');
    expect(html).toContain('<li>第一项杭州示例信息技术有限公司</li>');
    expect(html).toContain('<th><p><strong>域名</strong></p></th><th><p><strong>持有人</strong></p></th>');
    expect(html).toContain('<td><p>example-hz.cn</p></td><td><p>杭州示例信息技术有限公司</p></td>');
    expect(html).toContain('<td><p>公司</p></td><td><p>杭州示例信息技术有限公司</p></td>');
  });

  it('highlights each missing fact as 【待补充：…】 and lists it once with where to give it', () => {
    const gaps = docx.paragraphs.flatMap((p) => p.highlighted);
    expect(gaps).toContain('【待补充：从未提供的事项】');
    expect(gaps).toContain('【待补充：空表】');
    expect(docx.document).toContain('<w:highlight w:val="yellow"/>');
    expect(doc.missing.map((m) => m.id).sort()).toEqual(['test.emptyTable', 'test.neverGiven']);
    expect(doc.missing.find((m) => m.id === 'test.neverGiven')?.where.zh).toBe('测试：从未提供的事项');
    // the passage shown only when the fact has a value is left out, not left as a gap
    expect(docx.text).not.toContain('不应出现的段落');
  });

  it('draws the shareholding chart as SVG with a PNG fallback, and lists every holder', () => {
    expect(docx.media.some((f) => f.endsWith('.svg'))).toBe(true);
    const png = docx.media.find((f) => f.endsWith('.png'));
    expect(png).toBeDefined();
    expect([...docx.files[png!]!.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = new TextDecoder().decode(docx.files[docx.media.find((f) => f.endsWith('.svg'))!]);
    for (const name of ['杭州示例信息技术有限公司', '张示例', '杭州示例投资有限公司', '李示例'])
      expect(svg).toContain(name);
    expect(svg).toContain('70%');
    expect(html).toContain(
      '<td><p>李示例</p></td><td><p>自然人</p></td><td><p>CN</p></td><td><p>100%</p></td><td><p>第2层</p></td>',
    );
    expect(docx.text).toContain('图1 股权结构图');
  });

  it('ends with the signature and seal block', () => {
    const tail = docx.paragraphs.slice(-3).map((p) => p.text);
    expect(tail[0]).toBe('申请单位（盖章）：杭州示例信息技术有限公司');
    expect(tail[1]).toMatch(/^法定代表人（签字）：\s+$/);
    expect(tail[2]).toMatch(/^日期：\s+年\s+月\s+日$/);
  });

  it('sets Chinese fonts: 仿宋 for the body, 黑体 for headings, 宋体 for the title', () => {
    expect(docx.styles).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋"/);
    expect(docx.styles).toMatch(/w:styleId="Heading1"[\s\S]*?w:eastAsia="黑体"/);
    expect(docx.styles).toMatch(/w:styleId="Title"[\s\S]*?w:eastAsia="宋体"/);
  });
});
