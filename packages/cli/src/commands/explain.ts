/** icpdesk explain <id>: one kb entry — category, activity, permit, parameter, … — with its sources and history. */
import type { CitedSource, Kb, SourceRef, Text } from '@icpdesk/kb';
import { closest } from 'fastest-levenshtein';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { formatOpt, langOpt } from '../options.ts';
import { sourceLine } from '../render.ts';

interface HistoryItem {
  what: string;
  effective: { from: string; to?: string };
  confidence?: string;
  detail: string;
  sources: CitedSource[];
}

export interface Explanation {
  kind: string;
  id: string;
  name: Text;
  text?: Text;
  effective?: { from: string; to?: string };
  confidence?: string;
  note?: Text;
  sources: CitedSource[];
  details: Record<string, unknown>;
  history: HistoryItem[];
}

function explainAll(kb: Kb, rawId: string): Explanation[] {
  const id = rawId.trim();
  const out: Explanation[] = [];
  const cite = (s: readonly SourceRef[]) => kb.cite(s);
  const cat = kb.categories.get(id.toUpperCase() as never);
  if (cat) {
    const history: HistoryItem[] = kb.foreignCaps
      .filter((c) => c.categories.includes(cat.id))
      .map((c) => ({
        what: `foreign cap ${c.id}`,
        effective: c.effective,
        confidence: c.confidence,
        detail: `${c.capPercent}%${c.subtypes ? ` [${c.subtypes.join(', ')}]` : ''}${c.pilotAreas ? ` pilot: ${c.pilotAreas.join(', ')}` : ''}`,
        sources: cite(c.sources),
      }));
    for (const a of kb.activities.values())
      for (const r of a.licences)
        if (r.code === cat.id)
          history.push({
            what: `rule ${r.rule} (${a.id})`,
            effective: r.effective,
            confidence: r.confidence,
            detail: `${r.requirement}${r.scope ? ` ${r.scope}` : ''}${r.when ? ` when ${JSON.stringify(r.when)}` : ''}`,
            sources: cite(r.sources),
          });
    out.push({
      kind: 'category',
      id: cat.id,
      name: cat.name,
      text: cat.definition,
      effective: cat.effective,
      confidence: cat.confidence,
      ...(cat.note ? { note: cat.note } : {}),
      sources: cite(cat.sources),
      details: {
        class: cat.class,
        nicknames: cat.nicknames,
        subtypes: cat.subtypes ?? [],
        scopes: cat.scopes ?? [],
      },
      history,
    });
  }
  const act = kb.activities.get(id);
  if (act) {
    out.push({
      kind: 'activity',
      id: act.id,
      name: act.name,
      text: act.description,
      effective: act.effective,
      confidence: act.confidence,
      ...(act.note ? { note: act.note } : {}),
      sources: cite(act.sources),
      details: {
        aliases: act.aliases,
        commercial: act.commercial,
        ...(act.notPermitted ? { notPermitted: act.notPermitted } : {}),
      },
      history: [...act.licences, ...act.permits].map((r) => ({
        what: `rule ${r.rule}`,
        effective: r.effective,
        confidence: r.confidence,
        detail: `${'code' in r ? `${r.code}${r.scope ? ` ${r.scope}` : ''}` : r.permit} ${r.requirement}${r.when ? ` when ${JSON.stringify(r.when)}` : ''} — ${r.reason.zh}`,
        sources: cite(r.sources),
      })),
    });
  }
  const permit = kb.permits.get(id as never);
  if (permit)
    out.push({
      kind: 'permit',
      id: permit.id,
      name: permit.name,
      text: permit.description,
      effective: permit.effective,
      confidence: permit.confidence,
      ...(permit.note ? { note: permit.note } : {}),
      sources: cite(permit.sources),
      details: {
        issuer: permit.issuer,
        preApproval: permit.preApproval,
        foreignProhibited: permit.foreignProhibited,
      },
      history: [...kb.activities.values()].flatMap((a) =>
        a.permits
          .filter((r) => r.permit === permit.id)
          .map((r) => ({
            what: `rule ${r.rule} (${a.id})`,
            effective: r.effective,
            confidence: r.confidence,
            detail: r.requirement,
            sources: cite(r.sources),
          })),
      ),
    });
  const filing = kb.filings.get(id as never);
  if (filing)
    out.push({
      kind: 'filing',
      id: filing.id,
      name: filing.name,
      text: filing.description,
      effective: filing.effective,
      confidence: filing.confidence,
      sources: cite(filing.sources),
      details: { authority: filing.authority, processingParameter: filing.processingParameter },
      history: kb.filingRules
        .filter((r) => r.kind === filing.id)
        .map((r) => ({
          what: `rule ${r.rule}`,
          effective: r.effective,
          confidence: r.confidence,
          detail: r.requirement,
          sources: cite(r.sources),
        })),
    });
  const param = kb.parameters.get(id);
  if (param) {
    const latest = param.versions[param.versions.length - 1]!;
    out.push({
      kind: 'parameter',
      id: param.id,
      name: param.name,
      effective: latest.effective,
      confidence: latest.confidence,
      ...(latest.note ? { note: latest.note } : {}),
      sources: cite(latest.sources),
      details: { group: param.group },
      history: param.versions.map((v) => ({
        what: 'version',
        effective: v.effective,
        confidence: v.confidence,
        detail: `${JSON.stringify(v.value)} ${v.unit}${v.unitAlternatives ? ` (or ${v.unitAlternatives.join(', ')})` : ''}`,
        sources: cite(v.sources),
      })),
    });
  }
  const auth = kb.authorities.get(id.toUpperCase() === 'MIIT' ? 'MIIT' : id.toUpperCase());
  if (auth)
    out.push({
      kind: 'authority',
      id: auth.id,
      name: auth.name,
      effective: auth.effective,
      confidence: auth.confidence,
      ...(auth.note ? { note: auth.note } : {}),
      sources: cite(auth.sources),
      details: {
        region: auth.region,
        licencePrefix: auth.licencePrefix,
        filingPrefixes: auth.filingPrefixes,
      },
      history: [],
    });
  const pit = kb.pitfalls.find((p) => p.id === id);
  if (pit)
    out.push({
      kind: 'pitfall',
      id: pit.id,
      name: pit.title,
      text: pit.message,
      effective: pit.effective,
      confidence: pit.confidence,
      ...(pit.note ? { note: pit.note } : {}),
      sources: cite(pit.sources),
      details: { severity: pit.severity, when: pit.when },
      history: [],
    });
  const q = kb.questions.get(id);
  if (q)
    out.push({
      kind: 'question',
      id: q.id,
      name: q.text,
      ...(q.help ? { text: q.help } : {}),
      sources: [],
      details: {},
      history: [],
    });
  for (const c of kb.checks.filter((x) => x.id === id))
    out.push({
      kind: 'check',
      id: c.id,
      name: c.name,
      text: c.description,
      effective: c.effective,
      confidence: c.confidence,
      ...(c.note ? { note: c.note } : {}),
      sources: cite(c.sources),
      details: { parameters: c.parameters ?? [] },
      history: [],
    });
  const cap = kb.foreignCaps.find((c) => c.id === id);
  if (cap)
    out.push({
      kind: 'foreign-cap',
      id: cap.id,
      name: cap.name,
      effective: cap.effective,
      confidence: cap.confidence,
      ...(cap.note ? { note: cap.note } : {}),
      sources: cite(cap.sources),
      details: {
        categories: cap.categories,
        subtypes: cap.subtypes,
        pilotAreas: cap.pilotAreas,
        capPercent: cap.capPercent,
      },
      history: [],
    });
  for (const a of kb.activities.values())
    for (const r of [...a.licences, ...a.permits])
      if (r.rule === id)
        out.push({
          kind: 'rule',
          id: r.rule,
          name: r.reason,
          effective: r.effective,
          confidence: r.confidence,
          ...(r.note ? { note: r.note } : {}),
          sources: cite(r.sources),
          details: {
            activity: a.id,
            requirement: r.requirement,
            ...('code' in r ? { code: r.code, scope: r.scope, subtype: r.subtype } : { permit: r.permit }),
            when: r.when,
          },
          history: [],
        });
  for (const r of kb.filingRules.filter((x) => x.rule === id))
    out.push({
      kind: 'rule',
      id: r.rule,
      name: r.reason,
      effective: r.effective,
      confidence: r.confidence,
      sources: cite(r.sources),
      details: { filing: r.kind, requirement: r.requirement, when: r.when },
      history: [],
    });
  for (const r of kb.authorityRules.filter((x) => x.id === id))
    out.push({
      kind: 'rule',
      id: r.id,
      name: r.description,
      effective: r.effective,
      confidence: r.confidence,
      ...(r.note ? { note: r.note } : {}),
      sources: cite(r.sources),
      details: { authority: r.authority, when: r.when },
      history: [],
    });
  const src = kb.sources.get(id);
  if (src)
    out.push({
      kind: 'source',
      id: src.id,
      name: { zh: src.title, en: src.title },
      sources: [],
      details: { ...src },
      history: [],
    });
  return out;
}

function isText(v: unknown): v is Text {
  return !!v && typeof v === 'object' && 'zh' in v && 'en' in v;
}

/** A detail value for people: texts in the chosen language, lists of named entries as "id (name)". */
function detailText(v: unknown, lang: 'zh' | 'en'): string {
  if (typeof v === 'string') return v;
  if (isText(v)) return v[lang];
  if (
    Array.isArray(v) &&
    v.every((x) => x && typeof x === 'object' && 'id' in x && 'name' in x && isText(x.name))
  )
    return v.map((x) => `${x.id} (${(x.name as Text)[lang]})`).join('; ');
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v);
}

function allIds(kb: Kb): string[] {
  return [
    ...kb.categories.keys(),
    ...kb.activities.keys(),
    ...kb.permits.keys(),
    ...kb.filings.keys(),
    ...kb.parameters.keys(),
    ...kb.authorities.keys(),
    ...kb.pitfalls.map((p) => p.id),
    ...kb.questions.keys(),
    ...kb.foreignCaps.map((c) => c.id),
    ...kb.sources.keys(),
  ];
}

export function explainCommand(io: Io, kb: Kb, a: { id?: string; format?: string; lang?: string }): number {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format, ['text', 'json']);
  if (!a.id)
    throw new CliError(
      'USAGE',
      'explain needs an id, e.g. icpdesk explain B25 (find ids with icpdesk kb search <words>)',
    );
  const found = explainAll(kb, a.id);
  if (found.length === 0) {
    const near = closest(a.id, allIds(kb));
    throw new CliError(
      'NOT_FOUND',
      `no entry has the id "${a.id}"${near ? `; did you mean "${near}"?` : ''} (try icpdesk kb search ${a.id})`,
    );
  }
  if (format === 'json') {
    io.out(`${JSON.stringify({ kbVersion: kb.version, matches: found }, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const e of found) {
    lines.push(`${e.id} · ${e.kind} · ${e.name[lang]}${lang === 'zh' ? ` / ${e.name.en}` : ''}`);
    if (e.text) lines.push(`  ${e.text[lang]}`);
    for (const [k, v] of Object.entries(e.details)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      lines.push(`  ${k}: ${detailText(v, lang)}`);
    }
    if (e.effective)
      lines.push(
        `  effective: ${e.effective.from} → ${e.effective.to ?? 'in force'} · confidence: ${e.confidence}`,
      );
    if (e.note) lines.push(`  note: ${e.note[lang]}`);
    if (e.sources.length) {
      lines.push('  sources:');
      for (const s of e.sources) lines.push(`    - ${sourceLine(s)}`);
    }
    if (e.history.length) {
      lines.push('  history:');
      for (const h of [...e.history].sort((x, y) => x.effective.from.localeCompare(y.effective.from)))
        lines.push(
          `    ${h.effective.from} → ${h.effective.to ?? 'in force'}  ${h.what}: ${h.detail}${h.confidence ? ` (${h.confidence})` : ''}`,
        );
    }
    lines.push('');
  }
  io.out(`${lines.join('\n')}`);
  return 0;
}
