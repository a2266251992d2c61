/** icpdesk explain <id>: one kb entry — category, activity, permit, parameter, … — with its sources and history. */
import type { CitedSource, Kb, SourceRef, Text } from '@icpdesk/kb';
import { closest } from 'fastest-levenshtein';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { formatOpt, langOpt } from '../options.ts';
import { sourceLine } from '../render.ts';
import { depthIds, explainDepth } from './explain-depth.ts';

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

export interface CitedEntry {
  effective: { from: string; to?: string };
  confidence: string;
  note?: Text;
  sources: readonly SourceRef[];
}

function explainAll(kb: Kb, rawId: string): Explanation[] {
  const id = rawId.trim();
  const out: Explanation[] = [];
  /** one explanation of a cited entry: its dates, confidence, note and sources come from the entry */
  const add = (
    kind: string,
    entryId: string,
    name: Text,
    e: CitedEntry,
    details: Record<string, unknown>,
    more: { text?: Text; history?: HistoryItem[] } = {},
  ) => {
    const x: Explanation = {
      kind,
      id: entryId,
      name,
      effective: e.effective,
      confidence: e.confidence,
      sources: kb.cite(e.sources),
      details,
      history: more.history ?? [],
    };
    if (more.text) x.text = more.text;
    if (e.note) x.note = e.note;
    out.push(x);
  };
  const item = (what: string, e: CitedEntry, detail: string): HistoryItem => ({
    what,
    effective: e.effective,
    confidence: e.confidence,
    detail,
    sources: kb.cite(e.sources),
  });
  const when = (c: unknown) => (c ? ` when ${JSON.stringify(c)}` : '');

  const cat = kb.categories.get(id.toUpperCase() as never);
  if (cat) {
    const history = kb.foreignCaps
      .filter((c) => c.categories.includes(cat.id))
      .map((c) =>
        item(
          `foreign cap ${c.id}`,
          c,
          `${c.capPercent}%${c.subtypes ? ` [${c.subtypes.join(', ')}]` : ''}${c.pilotAreas ? ` pilot: ${c.pilotAreas.join(', ')}` : ''}${when(c.when)}`,
        ),
      );
    for (const a of kb.activities.values())
      for (const r of a.licences)
        if (r.code === cat.id)
          history.push(
            item(
              `rule ${r.rule} (${a.id})`,
              r,
              `${r.requirement}${r.scope ? ` ${r.scope}` : ''}${when(r.when)}`,
            ),
          );
    add(
      'category',
      cat.id,
      cat.name,
      cat,
      { class: cat.class, nicknames: cat.nicknames, subtypes: cat.subtypes ?? [], scopes: cat.scopes ?? [] },
      { text: cat.definition, history },
    );
  }
  const act = kb.activities.get(id);
  if (act)
    add(
      'activity',
      act.id,
      act.name,
      act,
      {
        aliases: act.aliases,
        commercial: act.commercial,
        ...(act.notPermitted ? { notPermitted: act.notPermitted } : {}),
      },
      {
        text: act.description,
        history: [...act.licences, ...act.permits].map((r) =>
          item(
            `rule ${r.rule}`,
            r,
            `${'code' in r ? `${r.code}${r.scope ? ` ${r.scope}` : ''}` : r.permit} ${r.requirement}${when(r.when)} — ${r.reason.zh}`,
          ),
        ),
      },
    );
  const permit = kb.permits.get(id as never);
  if (permit)
    add(
      'permit',
      permit.id,
      permit.name,
      permit,
      { issuer: permit.issuer, preApproval: permit.preApproval, foreignProhibited: permit.foreignProhibited },
      {
        text: permit.description,
        history: [...kb.activities.values()].flatMap((a) =>
          a.permits
            .filter((r) => r.permit === permit.id)
            .map((r) => item(`rule ${r.rule} (${a.id})`, r, r.requirement)),
        ),
      },
    );
  const filing = kb.filings.get(id as never);
  if (filing)
    add(
      'filing',
      filing.id,
      filing.name,
      filing,
      {
        authority: filing.authority,
        processingParameter: filing.processingParameter,
        deadlineParameter: filing.deadlineParameter,
      },
      {
        text: filing.description,
        history: kb.filingRules
          .filter((r) => r.kind === filing.id)
          .map((r) => item(`rule ${r.rule}`, r, r.requirement)),
      },
    );
  const param = kb.parameters.get(id);
  if (param)
    add(
      'parameter',
      param.id,
      param.name,
      param.versions[param.versions.length - 1]!,
      { group: param.group },
      {
        history: param.versions.map((v) =>
          item(
            'version',
            v,
            `${JSON.stringify(v.value)} ${v.unit}${v.unitAlternatives ? ` (or ${v.unitAlternatives.join(', ')})` : ''}`,
          ),
        ),
      },
    );
  const auth = kb.authorities.get(id.toUpperCase());
  if (auth)
    add('authority', auth.id, auth.name, auth, {
      region: auth.region,
      licencePrefix: auth.licencePrefix,
      filingPrefixes: auth.filingPrefixes,
    });
  const pit = kb.pitfalls.find((p) => p.id === id);
  if (pit)
    add('pitfall', pit.id, pit.title, pit, { severity: pit.severity, when: pit.when }, { text: pit.message });
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
    add('check', c.id, c.name, c, { parameters: c.parameters ?? [] }, { text: c.description });
  const cap = kb.foreignCaps.find((c) => c.id === id);
  if (cap)
    add('foreign-cap', cap.id, cap.name, cap, {
      categories: cap.categories,
      subtypes: cap.subtypes,
      pilotAreas: cap.pilotAreas,
      when: cap.when,
      exceptWhen: cap.exceptWhen,
      capPercent: cap.capPercent,
    });
  const closed = kb.foreignProhibitions.find((c) => c.id === id);
  if (closed)
    add(
      'foreign-prohibition',
      closed.id,
      closed.name,
      closed,
      { when: closed.when, ...(closed.scopeSettled === false ? { scopeSettled: false } : {}) },
      { text: closed.description },
    );
  for (const a of kb.activities.values()) {
    for (const r of a.licences)
      if (r.rule === id)
        add('rule', r.rule, r.reason, r, {
          activity: a.id,
          requirement: r.requirement,
          code: r.code,
          scope: r.scope,
          subtype: r.subtype,
          when: r.when,
        });
    for (const r of a.permits)
      if (r.rule === id)
        add('rule', r.rule, r.reason, r, {
          activity: a.id,
          requirement: r.requirement,
          permit: r.permit,
          when: r.when,
        });
  }
  for (const r of kb.filingRules.filter((x) => x.rule === id))
    add('rule', r.rule, r.reason, r, { filing: r.kind, requirement: r.requirement, when: r.when });
  for (const r of kb.authorityRules.filter((x) => x.id === id))
    add('rule', r.id, r.description, r, { authority: r.authority, when: r.when });
  explainDepth(kb, id, add);
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
    ...depthIds(kb),
    ...kb.foreignProhibitions.map((c) => c.id),
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
