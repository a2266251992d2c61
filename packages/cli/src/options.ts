/** Option values shared by commands, validated once here. */
import { isIsoDate } from '@icpdesk/engine';
import { CliError } from './errors.ts';
import type { Io } from './io.ts';
import type { Format, Lang } from './render.ts';

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  valid: readonly T[],
  dflt: T,
): T {
  if (value === undefined) return dflt;
  if ((valid as readonly string[]).includes(value)) return value as T;
  throw new CliError(
    'USAGE',
    `--${name} ${JSON.stringify(value)} is not valid; use one of: ${valid.join(', ')}`,
  );
}

export const formatOpt = (v: string | undefined, allowed: readonly Format[] = ['text', 'json', 'markdown']) =>
  oneOf('format', v, allowed, 'text');
export const langOpt = (v: string | undefined) => oneOf<Lang>('lang', v, ['zh', 'en'], 'zh');

export function dateOpt(io: Io, name: string, v: string | undefined): string {
  if (v === undefined) return io.today();
  if (!isIsoDate(v))
    throw new CliError(
      'INVALID_DATE',
      `--${name} ${JSON.stringify(v)} is not a real date; use YYYY-MM-DD, e.g. 2026-11-29`,
    );
  return v;
}
