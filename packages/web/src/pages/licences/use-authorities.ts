/** The names of the licensing authorities (MIIT, CN-ZJ …) from the kb catalogue, loaded once per session. */
import { useEffect, useState } from 'react';
import { api, type Catalogue, call } from '../../api/client.ts';
import { type Text, useLang } from '../../i18n.tsx';

type Authorities = Catalogue['authorities'];
let loaded: Promise<Authorities> | null = null;

export function useAuthorities(): Authorities {
  const [list, setList] = useState<Authorities>([]);
  useEffect(() => {
    let live = true;
    loaded ??= call(api.GET('/api/v1/kb/catalogue')).then((c) => c.authorities);
    loaded.then(
      (a) => live && setList(a),
      () => {
        loaded = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

/** id → name (the id itself while the names load or for an id the kb does not know) */
export function useAuthorityName(): (id: string | null) => string {
  const list = useAuthorities();
  const { tx } = useLang();
  const names = new Map<string, Text>(list.map((a) => [a.id, a.name]));
  return (id) => {
    if (!id) return '—';
    const n = names.get(id);
    return n ? tx(n) : id;
  };
}
