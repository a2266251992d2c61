/** The authority an application goes to by default: the one the engine assesses from a business profile. */
import type { Kb } from '@icpdesk/kb';
import { assess } from './assess.ts';
import { parseProfile } from './profile.ts';

/** the authority assess() decides for the profile as of `asOf`, with the rule that decided it; null without one */
export function assessedAuthorityRule(
  kb: Kb,
  profile: unknown,
  asOf: string,
): { id: string; rule: string | null } | null {
  if (profile === null || profile === undefined) return null;
  const parsed = parseProfile(kb, profile);
  if (!parsed.ok) return null;
  const { authority } = assess(kb, parsed.profile, { asOf });
  return authority.id ? { id: authority.id, rule: authority.rule } : null;
}

/** the authority assess() names for the profile as of `asOf`; null without a profile or for one the kb refuses */
export function assessedAuthority(kb: Kb, profile: unknown, asOf: string): string | null {
  return assessedAuthorityRule(kb, profile, asOf)?.id ?? null;
}
