/**
 * Names the application pages show for the codes the API sends: licence categories and authorities from the
 * kb's catalogue (GET /api/v1/kb/catalogue, read once per page load), states and procedures from the
 * messages.
 */
import { useEffect, useState } from 'react';
import { api, type Catalogue, call, type Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';

export type ApplicationState = Schemas['ApplicationDetail']['state'];
export type Procedure = Schemas['ApplicationDetail']['procedure'];

let catalogue: Promise<Catalogue> | null = null;
/** the catalogue, asked once; a failure is asked again next time */
export function loadCatalogue(): Promise<Catalogue> {
  catalogue ??= call(api.GET('/api/v1/kb/catalogue')).catch((e: unknown) => {
    catalogue = null;
    throw e;
  });
  return catalogue;
}

export function useCatalogue(): Catalogue | null {
  const [c, setC] = useState<Catalogue | null>(null);
  useEffect(() => {
    let live = true;
    // without the catalogue the codes themselves are shown
    loadCatalogue().then(
      (x) => live && setC(x),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return c;
}

/** "B25:internet" → B25 and internet */
export function splitCode(code: string): { licence: string; scope?: string } {
  const [licence = code, scope] = code.split(':');
  return scope ? { licence, scope } : { licence };
}

export function useNames() {
  const { t, tx } = useLang();
  const c = useCatalogue();
  const licence = (code: string) => {
    const { licence: id, scope } = splitCode(code);
    const cat = c?.licences.find((l) => l.code === id);
    if (!cat) return code;
    const sc = scope ? cat.scopes?.find((s) => s.id === scope) : undefined;
    // a scope's name is the category's, narrowed ("信息服务业务（仅限互联网信息服务）")
    return `${id} ${tx(sc?.name ?? cat.name)}`;
  };
  return {
    catalogue: c,
    licence,
    licences: (codes: readonly string[]) => codes.map(licence).join('；'),
    authority: (id: string | null) =>
      id === null ? t('app_authorityUnset') : tx(c?.authorities.find((a) => a.id === id)?.name) || id,
    state: (s: ApplicationState) => t(`state_${s}` as MessageId),
    procedure: (p: Procedure) => t(`proc_${p}` as MessageId),
  };
}

/** the colour of a state's tag */
export const stateColour: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'blue',
  'correction-requested': 'warning',
  corrected: 'cyan',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};
