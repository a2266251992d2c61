/**
 * Finding activities by what a founder would type, in Chinese or English: a whole-word or substring hit in a
 * name or alias ranks first; otherwise Chinese is compared by character pairs (Chinese has no spaces) and
 * Latin text by words, and an activity matches when it holds at least half of the query's pairs and words.
 */
import type { Catalogue } from '../api/client.ts';

type Activity = Catalogue['activities'][number];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const LATIN = /[a-z0-9]+/g;

function terms(text: string): Set<string> {
  const t = text.toLowerCase();
  const out = new Set<string>();
  for (const run of t.match(CJK) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  for (const w of t.match(LATIN) ?? []) out.add(w);
  return out;
}

const index = new WeakMap<Activity, { titles: string[]; terms: Set<string> }>();

function indexed(a: Activity) {
  let i = index.get(a);
  if (!i) {
    const titles = [a.name.zh, a.name.en, ...a.aliases].map((s) => s.toLowerCase());
    i = { titles, terms: terms([...titles, a.description.zh, a.description.en].join(' ')) };
    index.set(a, i);
  }
  return i;
}

/** the activities matching `query`, best first; all of them, in catalogue order, for an empty query */
export function searchActivities(activities: readonly Activity[], query: string): Activity[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...activities];
  const qTerms = [...terms(q)];
  const scored = activities.flatMap((a) => {
    const i = indexed(a);
    if (i.titles.some((s) => s.includes(q))) return [{ a, score: 2 }];
    if (!qTerms.length) return [];
    const share = qTerms.filter((x) => i.terms.has(x)).length / qTerms.length;
    return share >= 0.5 ? [{ a, score: share }] : [];
  });
  return scored.sort((x, y) => y.score - x.score).map((x) => x.a);
}
