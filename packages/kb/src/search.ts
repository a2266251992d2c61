/**
 * Full-text search over kb/ entries, for Chinese and English queries alike. Chinese has no spaces, so text is
 * indexed as character bigrams of CJK runs plus lower-cased Latin words; a query matches by the share of its
 * terms an entry contains, with a bonus where the whole query appears in a name, nickname or alias.
 */
import type { Kb } from './loader.ts';
import type { Text } from './schema.ts';

export interface SearchHit {
  kind:
    | 'category'
    | 'activity'
    | 'permit'
    | 'filing'
    | 'parameter'
    | 'authority'
    | 'pitfall'
    | 'question'
    | 'check';
  id: string;
  name: Text;
  score: number;
}

interface Doc {
  kind: SearchHit['kind'];
  id: string;
  name: Text;
  /** names, nicknames, aliases: lower-cased */
  titles: string[];
  terms: Set<string>;
}

const cjk = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const latin = /[a-z0-9][a-z0-9-]*/g;

export function terms(text: string): string[] {
  const t = text.toLowerCase();
  const out: string[] = [];
  for (const run of t.match(cjk) ?? []) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  for (const w of t.match(latin) ?? []) {
    out.push(w);
    if (w.includes('-')) out.push(...w.split('-').filter(Boolean));
  }
  return out;
}

const indexes = new WeakMap<Kb, Doc[]>();

function index(kb: Kb): Doc[] {
  const cached = indexes.get(kb);
  if (cached) return cached;
  const docs: Doc[] = [];
  const add = (kind: Doc['kind'], id: string, name: Text, titles: string[], body: (string | undefined)[]) => {
    const all = [id, name.zh, name.en, ...titles, ...body].filter((x): x is string => !!x);
    docs.push({
      kind,
      id,
      name,
      titles: [id, name.zh, name.en, ...titles].map((x) => x.toLowerCase()),
      terms: new Set(all.flatMap(terms)),
    });
  };
  for (const c of kb.categories.values())
    add(
      'category',
      c.id,
      c.name,
      [...c.nicknames, ...(c.scopes ?? []).flatMap((x) => [x.name.zh, x.name.en, ...x.nicknames])],
      [c.definition.zh, c.definition.en, ...(c.subtypes ?? []).flatMap((x) => [x.name.zh, x.name.en])],
    );
  for (const a of kb.activities.values())
    add('activity', a.id, a.name, a.aliases, [a.description.zh, a.description.en]);
  for (const p of kb.permits.values())
    add('permit', p.id, p.name, [], [p.description.zh, p.description.en, p.issuer.zh]);
  for (const f of kb.filings.values()) add('filing', f.id, f.name, [], [f.description.zh, f.description.en]);
  for (const p of kb.parameters.values()) add('parameter', p.id, p.name, [], []);
  for (const a of kb.authorities.values())
    add('authority', a.id, a.name, [a.licencePrefix ?? '', a.region?.zh ?? '', a.region?.en ?? ''], []);
  for (const p of kb.pitfalls) add('pitfall', p.id, p.title, [], [p.message.zh, p.message.en]);
  for (const q of kb.questions.values()) add('question', q.id, q.text, [], [q.help?.zh, q.help?.en]);
  for (const c of kb.checks) add('check', c.id, c.name, [], [c.description.zh, c.description.en]);
  indexes.set(kb, docs);
  return docs;
}

/** Entries that match the query, best first. An empty query matches nothing. */
export function searchKb(kb: Kb, query: string, limit = 10): SearchHit[] {
  const q = query.trim().toLowerCase();
  const qTerms = [...new Set(terms(q))];
  if (qTerms.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const d of index(kb)) {
    let found = 0;
    for (const t of qTerms) if (d.terms.has(t)) found++;
    const share = found / qTerms.length;
    let score = share * 60;
    if (d.titles.some((t) => t === q)) score += 100;
    else if (d.titles.some((t) => t.includes(q))) score += 40;
    if (score >= 30) hits.push({ kind: d.kind, id: d.id, name: d.name, score: Math.round(score) });
  }
  return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}
