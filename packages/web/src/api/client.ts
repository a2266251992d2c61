/**
 * The typed API client: openapi-fetch over the types openapi-typescript generates from docs/openapi.json
 * (./openapi.d.ts, git-ignored, made by `npm run openapi:client`). Nothing here is written by hand but the
 * language header; a failed call throws an ApiError (./problems.ts).
 */
import createClient from 'openapi-fetch';
import type { Lang } from '../i18n.tsx';
import type { components, paths } from './openapi';
import { ApiError, type Problem } from './problems.ts';

export type Schemas = components['schemas'];
export type Assessment = Schemas['Assessment'];
/** an assessment in the language asked for (POST /api/v1/assess?lang=…) */
export type LocalisedAssessment = Schemas['LocalisedAssessment'];
/**
 * what the result shows: an assessment in one language (the wizard's) or in both (a stored one); either
 * fits, since a bilingual text is also a text in the language shown
 */
export type ShownAssessment = Omit<LocalisedAssessment, 'lang' | 'penalties' | 'pitfalls'> & {
  pitfalls: Omit<Schemas['LocalisedPitfallHit'], 'penalties'>[];
};
export type Comparison = Schemas['Comparison'];
export type Catalogue = Schemas['Catalogue'];
export type Profile = paths['/api/v1/assess']['post']['requestBody']['content']['application/json'];

export const api = createClient<paths>({ baseUrl: '' });

/** the data of a call, or an ApiError with the server's problem (or a network failure) */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let r: Awaited<typeof request>;
  try {
    r = await request;
  } catch (e) {
    throw new ApiError(null, e);
  }
  // a 204 (no content) has no data and succeeded all the same
  if (r.error !== undefined || (r.data === undefined && !r.response.ok))
    throw new ApiError((r.error as Problem | undefined) ?? null, r.response.status);
  return r.data as T;
}

export const langHeader = (lang: Lang) => ({ 'accept-language': lang === 'zh' ? 'zh-CN' : 'en' });
