/**
 * The names of the companies a page shows, by id: one GET /api/v1/companies?ids=… per hundred ids not asked
 * yet, remembered for the session (a name that cannot be read stays the id).
 */
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client.ts';

const known = new Map<string, string>();
const BATCH = 100;

async function fetchNames(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const page = await call(
      api.GET('/api/v1/companies', { params: { query: { ids: batch.join(','), limit: BATCH } } }),
    );
    for (const c of page.items) known.set(c.id, c.name);
  }
}

/** id → name for the given ids (those not loaded yet are missing until they are) */
export function useCompanyNames(ids: readonly string[]): Record<string, string> {
  const key = [...new Set(ids)].sort().join(',');
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    const wanted = key ? key.split(',') : [];
    const have = () =>
      Object.fromEntries(wanted.flatMap((id) => (known.has(id) ? [[id, known.get(id)!]] : [])));
    const missing = wanted.filter((id) => !known.has(id));
    setNames(have());
    if (!missing.length) return;
    let live = true;
    fetchNames(missing).then(
      () => live && setNames(have()),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}
