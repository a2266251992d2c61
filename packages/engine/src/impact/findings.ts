/**
 * The consequences of a change for what the company holds: licences that become required or unnecessary,
 * held licences whose coverage or authority no longer fits, filings required or no longer valid, permits of
 * other regulators, eligibility checks that fail — each explained.
 */
import type { Assessment } from '../schemas/assessment.ts';
import type { ImpactFinding, ProposedChange, RegisterFacts } from '../schemas/impact.ts';

const keyOf = (l: Assessment['licences'][number]) => (l.scope ? `${l.code}:${l.scope}` : l.code);
const required = <T extends { requirement: string }>(xs: T[]) =>
  xs.filter((x) => x.requirement === 'required');

/** the held (active, unexpired) licences that carry a code */
function holding(facts: RegisterFacts, asOf: string, key: string) {
  return facts.licences.filter(
    (l) =>
      l.status === 'active' &&
      l.expiresOn >= asOf &&
      l.codes.some((c) => c === key || c === key.split(':')[0]),
  );
}

/** the provinces a coverage names ("nationwide" → CN) */
const provinces = (coverage: readonly string[] | undefined) =>
  (coverage ?? []).map((c) => (c === 'nationwide' ? 'CN' : c));

function licenceFindings(
  a: Assessment,
  b: Assessment,
  facts: RegisterFacts,
  asOf: string,
  coverage: string[],
) {
  const out: ImpactFinding[] = [];
  const before = new Set(required(a.licences).map(keyOf));
  for (const l of required(b.licences)) {
    const key = keyOf(l);
    const held = holding(facts, asOf, key);
    if (!held.length) {
      if (!before.has(key))
        out.push({
          kind: 'licence-needed',
          subject: key,
          text: {
            zh: `变更后新增需要${l.name.zh}（${key}）：取得许可证之前不得开展该业务`,
            en: `after the change ${l.name.en} (${key}) is required: the service may not start before it is granted`,
          },
        });
      continue;
    }
    for (const h of held) {
      const wide = h.coverage.includes('CN');
      const missing = coverage.filter((p) => p !== 'CN' && !h.coverage.includes(p));
      if (!wide && (coverage.includes('CN') || missing.length))
        out.push({
          kind: 'licence-coverage',
          subject: h.number,
          text: {
            zh: `许可证 ${h.number} 覆盖 ${h.coverage.join('、')}，不含变更后的范围（${coverage.includes('CN') ? '全国' : missing.join('、')}）：需变更覆盖范围或取得跨地区许可证`,
            en: `the licence ${h.number} covers ${h.coverage.join(', ')}, not the coverage after the change (${coverage.includes('CN') ? 'nationwide' : missing.join(', ')}): change its coverage or obtain a cross-regional licence`,
          },
        });
      if (l.authority && l.authority !== h.authority)
        out.push({
          kind: 'licence-authority',
          subject: h.number,
          text: {
            zh: `变更后的发证机关为 ${l.authority}，而许可证 ${h.number} 由 ${h.authority} 颁发：需向 ${l.authority} 申请`,
            en: `after the change the authority is ${l.authority}, but the licence ${h.number} was issued by ${h.authority}: apply to ${l.authority}`,
          },
        });
    }
  }
  const after = new Set(required(b.licences).map(keyOf));
  for (const l of required(a.licences))
    if (!after.has(keyOf(l)))
      out.push({
        kind: 'licence-no-longer-needed',
        subject: keyOf(l),
        text: {
          zh: `变更后不再需要${l.name.zh}（${keyOf(l)}）；持有的许可证可申请注销或变更`,
          en: `after the change ${l.name.en} (${keyOf(l)}) is no longer required; a held one may be cancelled or changed`,
        },
      });
  return out;
}

function filingFindings(a: Assessment, b: Assessment, facts: RegisterFacts, c: ProposedChange) {
  const out: ImpactFinding[] = [];
  const was = new Set(required(a.filings).map((f) => f.kind));
  const now = new Set(required(b.filings).map((f) => f.kind));
  const held: Record<string, { number: string; status: string }[]> = {
    'icp-filing': facts.icpFilings,
    'app-filing': facts.appFilings,
    'public-security-filing': facts.publicSecurityFilings,
  };
  for (const f of required(b.filings))
    if (!was.has(f.kind) && !held[f.kind]?.some((x) => x.status === 'active'))
      out.push({
        kind: 'filing-needed',
        subject: f.kind,
        text: {
          zh: `变更后新增需要${f.name.zh}，登记中没有有效的该项备案`,
          en: `after the change the ${f.name.en} is required, and the register holds none in force`,
        },
      });
  for (const f of required(a.filings))
    if (!now.has(f.kind))
      for (const x of (held[f.kind] ?? []).filter((y) => y.status === 'active'))
        out.push({
          kind: 'filing-invalid',
          subject: x.number,
          text: {
            zh: `变更后不再符合${f.name.zh}的条件（${x.number}）：应变更或注销该备案`,
            en: `after the change ${x.number} no longer fits the ${f.name.en}: change or cancel it`,
          },
        });
  if (c.kind === 'new-domain' && c.domain) {
    const covered = facts.icpFilings.some((f) => f.status === 'active' && f.domains.includes(c.domain!));
    if (!covered)
      out.push({
        kind: 'filing-needed',
        subject: c.domain,
        text: {
          zh: `新域名 ${c.domain} 不在任何有效的ICP备案中：提供服务前须加入备案`,
          en: `the new domain ${c.domain} is in no ICP filing in force: add it to a filing before it serves`,
        },
      });
    if (!facts.domains.some((d) => d.name === c.domain))
      out.push({
        kind: 'register',
        subject: c.domain,
        text: {
          zh: `登记中没有域名 ${c.domain}：请登记其持有人、注册商和到期日`,
          en: `the register has no domain ${c.domain}: record its holder, registrar and expiry`,
        },
      });
  }
  if (c.kind === 'servers-abroad')
    for (const s of facts.servers.filter((x) => x.location === 'CN' || x.location?.startsWith('CN-')))
      out.push({
        kind: 'register',
        subject: s.name,
        text: {
          zh: `服务器 ${s.name} 仍登记在境内（${s.location}）：迁移后请更新登记`,
          en: `the server ${s.name} is recorded in the mainland (${s.location}): update the register after the move`,
        },
      });
  return out;
}

function otherFindings(a: Assessment, b: Assessment): ImpactFinding[] {
  const out: ImpactFinding[] = [];
  const was = new Set(required(a.otherPermits).map((p) => p.id));
  for (const p of required(b.otherPermits))
    if (!was.has(p.id))
      out.push({
        kind: 'permit-needed',
        subject: p.id,
        text: { zh: `变更后新增需要${p.name.zh}`, en: `after the change ${p.name.en} is required` },
      });
  const id = (x: Assessment['eligibility']['checks'][number]) => (x.subject ? `${x.id}:${x.subject}` : x.id);
  const failing = new Set(a.eligibility.checks.filter((x) => x.status === 'unmet').map(id));
  for (const x of b.eligibility.checks)
    if (x.status === 'unmet' && !failing.has(id(x)))
      out.push({
        kind: 'check-fails',
        subject: id(x),
        text: { zh: `条件不再满足：${x.name.zh}`, en: `no longer met: ${x.name.en}` },
      });
  return out;
}

export function findingsOf(
  a: Assessment,
  b: Assessment,
  facts: RegisterFacts,
  c: ProposedChange,
  coverageAfter: readonly string[] | undefined,
  asOf: string,
): ImpactFinding[] {
  return [
    ...licenceFindings(a, b, facts, asOf, provinces(coverageAfter)),
    ...filingFindings(a, b, facts, c),
    ...otherFindings(a, b),
  ];
}
