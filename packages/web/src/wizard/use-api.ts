/** The wizard's calls: the catalogue and an assessment. */
import {
  api,
  type Catalogue,
  call,
  type LocalisedAssessment,
  langHeader,
  type Profile,
} from '../api/client.ts';
import type { Lang } from '../i18n.tsx';

export const loadCatalogue = (lang: Lang): Promise<Catalogue> =>
  call(api.GET('/api/v1/kb/catalogue', { headers: langHeader(lang) }));

/** the assessment in the UI's language only (asked again when the language changes) */
export const assessProfile = (profile: Profile, lang: Lang): Promise<LocalisedAssessment> =>
  call(
    api.POST('/api/v1/assess', {
      params: { query: { detail: 'full', lang } },
      body: profile,
      headers: langHeader(lang),
    }),
  ) as Promise<LocalisedAssessment>;
