import type { Catalogue } from '../api/client.ts';
import type { Lang } from '../i18n.tsx';

/** the provinces (those with a communications administration) as select options */
export const provinceOptions = (catalogue: Catalogue, lang: Lang) =>
  catalogue.authorities.flatMap((a) => (a.region ? [{ value: a.id, label: a.region[lang] }] : []));

/** an authority's name by id (MIIT or a province code); the id itself when unknown */
export const authorityName = (catalogue: Catalogue, id: string | null, lang: Lang): string | null =>
  id === null ? null : (catalogue.authorities.find((a) => a.id === id)?.name[lang] ?? id);
