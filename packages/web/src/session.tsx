/**
 * Who is signed in: GET /api/v1/me, asked only where it matters (the workspace pages, sign-in, invitations:
 * an anonymous visitor of the wizard never causes a 401), then kept; sign-in and sign-out; the session's CSRF
 * token sent with every write (X-CSRF-Token).
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { api, call, type Schemas } from './api/client.ts';
import { ApiError } from './api/problems.ts';

export type Me = Schemas['Me'];

let csrfToken: string | null = null;
api.use({
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD')
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

interface SessionContext {
  /** undefined: not asked yet; null: nobody is signed in */
  me: Me | null | undefined;
  /** asks the server once (again with force) */
  check(force?: boolean): Promise<Me | null>;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const signedIn = useCallback((m: Me) => {
    csrfToken = m.csrfToken;
    setMe(m);
  }, []);
  const check = useCallback(
    async (force = false) => {
      if (me !== undefined && !force) return me;
      try {
        const m = await call(api.GET('/api/v1/me'));
        signedIn(m);
        return m;
      } catch (e) {
        if (e instanceof ApiError && e.failure === 401) {
          csrfToken = null;
          setMe(null);
          return null;
        }
        throw e;
      }
    },
    [me, signedIn],
  );
  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    csrfToken = null;
    setMe(null);
  }, []);
  const value = useMemo(() => ({ me, check, signedIn, signOut }), [me, check, signedIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useSession outside SessionProvider');
  return c;
}
