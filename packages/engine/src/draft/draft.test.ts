import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { chooseTemplates, parseDraftSubject, resolveFacts, subjectAuthority } from './index.ts';
import { chineseDate, chineseMoney, chineseNumber } from './values.ts';

const kb = loadKb();
const subject = {
  applicant: {
    name: '杭州示例信息技术有限公司',
    uscc: '91330106MA2H7K3LXA',
    legalRepresentative: { name: '张示例' },
    registeredCapitalCny: 1_000_000,
  },
  licence: { code: 'B25', scope: 'internet', procedure: 'new' },
  coverage: ['CN-ZJ'],
  authority: 'CN-ZJ',
  contacts: [{ name: '钱联系', phone: '13800000000' }],
};

describe('formal Chinese for numbers, dates and money', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [21, '二十一'],
  ])('section %i is %s', (n, zh) => expect(chineseNumber(n)).toBe(zh));

  it('writes dates and yuan as a formal document does', () => {
    expect(chineseDate('2026-12-07')).toBe('2026年12月7日');
    expect(chineseMoney(1_000_000)).toBe('人民币100万元');
    expect(chineseMoney(1234.5)).toBe('人民币1234.5元');
  });
});

describe('resolveFacts', () => {
  it('reads the catalogue facts at their manifest paths and writes licence, coverage and authority out from the kb', () => {
    const v = resolveFacts(kb, subject);
    expect(v['company.name']).toBe('杭州示例信息技术有限公司');
    expect(v['company.legalRepresentative']).toBe('张示例');
    expect(v['company.registeredCapital']).toBe(1_000_000);
    expect(v['company.contactPhone']).toBe('13800000000');
    expect(v['application.licence']).toBe('第二类增值电信业务中的信息服务业务（仅限互联网信息服务）');
    expect(v['application.coverage']).toBe('浙江省');
    expect(v['application.authority']).toBe('浙江省通信管理局');
    expect(v['company.address']).toBeUndefined();
  });

  it('maps a path over a list and names the activities from the kb', () => {
    const v = resolveFacts(kb, {
      ...subject,
      domains: [{ name: 'example-hz.cn' }, { holder: '某人' }, { name: 'example-hz.com.cn' }],
      activities: ['online-advertising'],
    });
    expect(v['service.domains']).toEqual(['example-hz.cn', 'example-hz.com.cn']);
    expect(v['application.activities']).toEqual([kb.activities.get('online-advertising')!.name.zh]);
  });

  it('traces the shareholder tree to its ultimate holders and foreign share', () => {
    const tree = [
      { name: '张示例', kind: 'natural-person', country: 'CN', percent: 60 },
      {
        name: '示例投资有限公司',
        kind: 'company',
        country: 'CN',
        percent: 40,
        shareholders: [
          { name: 'Example Ltd', kind: 'company', country: 'HK', percent: 25 },
          { name: '李示例', kind: 'natural-person', country: 'CN', percent: 75 },
        ],
      },
    ];
    const v = resolveFacts(kb, { ...subject, applicant: { ...subject.applicant, shareholders: tree } });
    expect(v['shareholders.ultimate']).toEqual([
      { name: '张示例', kind: 'natural-person', country: 'CN', percent: 60 },
      { name: 'Example Ltd（其股东未填写，穿透不明）', kind: 'company', country: 'HK', percent: 10 },
      { name: '李示例', kind: 'natural-person', country: 'CN', percent: 30 },
    ]);
    expect(v['shareholders.foreignPercent']).toBe(10);
    // a domestic company without its holders: the foreign share is not known, so it stays a gap
    const untraced = [tree[0], { ...tree[1], shareholders: undefined }];
    const u = resolveFacts(kb, { ...subject, applicant: { ...subject.applicant, shareholders: untraced } });
    expect(u['shareholders.foreignPercent']).toBeUndefined();
    expect(u['shareholders.ultimate']).toHaveLength(2);
  });

  it('lets facts given by id win', () => {
    const v = resolveFacts(kb, { ...subject, facts: { 'company.address': '浙江省杭州市西湖区示例路1号' } });
    expect(v['company.address']).toBe('浙江省杭州市西湖区示例路1号');
  });
});

describe('chooseTemplates', () => {
  const o = { licence: 'B25', procedure: 'new', asOf: '2026-11-29' } as const;
  it('picks the templates of the licence and procedure that the checklist lists', () => {
    const ids = chooseTemplates(kb, o).templates.map((t) => t.id);
    expect(ids).toContain('legal-rep-undertaking');
    // another procedure, its own templates: a cancellation's, not a new application's
    const cancel = chooseTemplates(kb, { ...o, procedure: 'cancellation' }).templates;
    expect(cancel.map((t) => t.id)).toContain('aftercare-undertaking');
    expect(cancel.map((t) => t.id)).not.toContain('legal-rep-undertaking');
    expect(cancel.every((t) => t.procedures.includes('cancellation'))).toBe(true);
  });

  it('picks by template or material id, and names the ids it does not know', () => {
    const r = chooseTemplates(kb, { ...o, only: ['legal-rep-undertaking', 'nope'] });
    expect(r.templates.map((t) => t.id)).toEqual(['legal-rep-undertaking']);
    expect(r.unknown).toEqual(['nope']);
  });
});

describe('parseDraftSubject', () => {
  it('accepts a subject with no more than the applicant name', () => {
    expect(parseDraftSubject({ applicant: { name: '某公司' } }).ok).toBe(true);
  });

  it('refuses one without the applicant name, or with a field it does not know', () => {
    const r = parseDraftSubject({ applicant: {}, colour: 'red' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['applicant.name', 'colour']);
  });
});

describe('subjectAuthority: the authority of a subject that names none', () => {
  const asOf = '2026-12-07';
  const { authority: _named, ...unnamed } = subject;
  const business = { ...unnamed, activities: ['online-advertising'] };
  const holders = [{ kind: 'natural-person', name: '张示例', country: 'CN', percent: 100 }];
  const zj = {
    ...business,
    applicant: { ...business.applicant, registeredProvince: 'CN-ZJ', shareholders: holders },
  };

  it('is the provincial authority for a business in one province, decided by the assessment', () => {
    const a = subjectAuthority(kb, zj, asOf);
    expect(a).toMatchObject({ id: 'CN-ZJ', basis: 'assessed' });
    expect(a.rule).toBeTruthy();
  });

  it('is MIIT for a business across provinces', () => {
    expect(subjectAuthority(kb, { ...zj, coverage: ['CN-ZJ', 'CN-SH'] }, asOf)).toMatchObject({
      id: 'MIIT',
      basis: 'assessed',
    });
  });

  it('is MIIT for a foreign-invested business in one province, and none when the holders cannot be traced', () => {
    const foreign = [
      { kind: 'natural-person', name: '张示例', country: 'CN', percent: 60 },
      { kind: 'company', name: 'Example HK Ltd', country: 'HK', percent: 40 },
    ];
    const withHolders = (shareholders: unknown[]) => ({
      ...zj,
      applicant: { ...zj.applicant, shareholders },
    });
    expect(subjectAuthority(kb, withHolders(foreign), asOf)).toMatchObject({ id: 'MIIT', basis: 'assessed' });
    const untraced = [{ kind: 'company', name: '某控股有限公司', country: 'CN', percent: 100 }];
    expect(subjectAuthority(kb, withHolders(untraced), asOf).basis).toBe('none');
  });

  it('keeps what the subject names, null (not known) included', () => {
    expect(subjectAuthority(kb, { ...zj, authority: 'MIIT' }, asOf)).toEqual({
      id: 'MIIT',
      basis: 'given',
      rule: null,
    });
    expect(subjectAuthority(kb, { ...zj, authority: null }, asOf)).toMatchObject({
      id: null,
      basis: 'given',
    });
  });

  it('is none when the subject has no activities or an activity the kb does not know', () => {
    expect(subjectAuthority(kb, unnamed, asOf)).toEqual({ id: null, basis: 'none', rule: null });
    expect(subjectAuthority(kb, { ...zj, activities: ['no-such-activity'] }, asOf).basis).toBe('none');
  });
});
