/**
 * The body type the client generated from docs/openapi.json (api.d.ts, made by `npm run openapi:client`)
 * gives a response of an operation, by path, method and status: what the recorded responses are checked
 * against.
 */
import type { paths } from './api.d.ts';

type Responses<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R
  : never;

export type ResponseBody<
  P extends keyof paths,
  M extends keyof paths[P],
  S extends number,
> = S extends keyof Responses<P, M>
  ? Responses<P, M>[S] extends { content: infer C }
    ? C[keyof C]
    : never
  : never;
