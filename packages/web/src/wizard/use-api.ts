/** The wizard's calls: the catalogue and an assessment. */
import { type Assessment, api, type Catalogue, call, langHeader, type Profile } from '../api/client.ts';
import type { Lang } from '../i18n.tsx';

export const loadCatalogue = (lang: Lang): Promise<Catalogue> =>
  call(api.GET('/api/v1/kb/catalogue', { headers: langHeader(lang) }));

export const assessProfile = (profile: Profile, lang: Lang): Promise<Assessment> =>
  call(
    api.POST('/api/v1/assess', {
      params: { query: { detail: 'full', lang } },
      body: profile,
      headers: langHeader(lang),
    }),
  ) as Promise<Assessment>;
