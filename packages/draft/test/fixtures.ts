/**
 * Test data: the example package's applicant as a draft subject (with a second layer of shareholders, one of
 * them abroad), and a template that uses every kind of block, for the renderer's own tests.
 */
import { readFileSync } from 'node:fs';
import type { DraftSubject } from '@icpdesk/engine';
import type { DocumentTemplate, Kb, TemplateFact } from '@icpdesk/kb';
import { parse } from 'yaml';

export const EXAMPLE_DIR = new URL('../../../examples/packages/b25-hangzhou/', import.meta.url);

/** the example package's manifest */
export const exampleManifest = () =>
  parse(readFileSync(new URL('application.yaml', EXAMPLE_DIR), 'utf8')) as Record<string, unknown> & {
    documents: { kind: string; file: string }[];
  };

/** the example's applicant, without its documents, with an authority and a contact */
export function exampleSubject(): DraftSubject {
  const { documents: _, ...m } = exampleManifest();
  return {
    ...m,
    authority: 'CN-ZJ',
    contacts: [{ name: '钱联系', phone: '13800000000', email: 'qian@example-hz.cn' }],
  } as DraftSubject;
}

const fact = (
  id: string,
  zh: string,
  type: TemplateFact['type'],
  extra: Partial<TemplateFact> = {},
): TemplateFact => ({
  id,
  label: { zh, en: id },
  type,
  origin: 'user',
  where: { zh: `测试：${zh}`, en: `test: ${id}` },
  ...extra,
});

/** facts the fixture template uses besides the catalogue's (ids under test.) */
export const fixtureFacts: TemplateFact[] = [
  fact('test.services', '服务项目', 'list'),
  fact('test.neverGiven', '从未提供的事项', 'text'),
  fact('test.domains', '域名', 'table', {
    manifest: 'domains',
    columns: [
      { key: 'name', label: { zh: '域名', en: 'Domain' } },
      { key: 'holder', label: { zh: '持有人', en: 'Holder' } },
    ],
  }),
  fact('test.emptyTable', '空表', 'table', { columns: [{ key: 'name', label: { zh: '名称', en: 'Name' } }] }),
];

export const fixtureTemplate: DocumentTemplate = {
  id: 'test-every-block',
  material: 'business-plan',
  variant: 'document',
  licences: ['B25'],
  procedures: ['new'],
  title: { zh: '测试文书（各类内容）', en: 'Test document' },
  layout: 'report',
  requirements: [
    {
      id: 'r1',
      text: { zh: '测试要求', en: 'test requirement' },
      sources: [{ ref: 'order-42', article: 'Art. 8' }],
      confidence: 'high',
    },
  ],
  facts: [
    'company.name',
    'company.registeredCapital',
    'company.contactPhone',
    'test.services',
    'test.domains',
  ],
  sections: [
    {
      id: 'company',
      heading: { zh: '公司基本情况', en: 'The company' },
      covers: ['r1'],
      blocks: [
        {
          type: 'paragraph',
          text: '{{company.name}}注册资本为{{company.registeredCapital}}，联系电话{{test.neverGiven}}。',
        },
        { type: 'heading', text: '服务项目' },
        { type: 'list', fact: 'test.services', ordered: true },
        { type: 'list', items: ['第一项{{company.name}}', '第二项'] },
        { type: 'paragraph', text: '不应出现的段落', onlyIf: 'test.neverGiven' },
      ],
    },
    {
      id: 'resources',
      heading: { zh: '资源与股权', en: 'Resources and shareholding' },
      covers: [],
      blocks: [
        { type: 'heading', text: '域名' },
        { type: 'table', fact: 'test.domains', caption: '表1 域名' },
        { type: 'table', fact: 'test.emptyTable' },
        { type: 'table', headings: ['项目', '内容'], rows: [['公司', '{{company.name}}']] },
        { type: 'chart', chart: 'shareholding', caption: '图1 股权结构图' },
        {
          type: 'signature',
          lines: [
            { label: '申请单位（盖章）', value: '{{company.name}}', kind: 'seal' },
            { label: '法定代表人（签字）', kind: 'signature' },
            { label: '日期', kind: 'date' },
          ],
        },
      ],
    },
  ],
  sources: [{ ref: 'order-42', article: 'Art. 8' }],
  effective: { from: '2017-09-01' },
  confidence: 'medium',
};

/** catalogue facts the fixture uses, for a catalogue that lacks them */
const catalogueFallback: TemplateFact[] = [
  fact('shareholders', '股东', 'table', { manifest: 'applicant.shareholders' }),
  fact('company.name', '公司名称', 'text', { manifest: 'applicant.name' }),
  fact('company.registeredCapital', '注册资本', 'money', { manifest: 'applicant.registeredCapitalCny' }),
];

/** the kb with the fixture's template and facts added to its own */
export function withFixture(kb: Kb): Kb {
  const facts = new Map([...kb.templateFacts, ...fixtureFacts.map((f) => [f.id, f] as const)]);
  for (const f of catalogueFallback) if (!facts.has(f.id)) facts.set(f.id, f);
  return {
    ...kb,
    templates: new Map([...kb.templates, [fixtureTemplate.id, fixtureTemplate]]),
    templateFacts: facts,
  };
}
