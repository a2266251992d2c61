/** The authority an application goes to by default: the one the engine assesses from a business profile. */
import type { Kb } from '@icpdesk/kb';
import { assess } from './assess.ts';
import { parseProfile } from './profile.ts';

/** the authority assess() names for the profile as of `asOf`; null without a profile or for one the kb refuses */
export function assessedAuthority(kb: Kb, profile: unknown, asOf: string): string | null {
  if (profile === null || profile === undefined) return null;
  const parsed = parseProfile(kb, profile);
  return parsed.ok ? assess(kb, parsed.profile, { asOf }).authority.id : null;
}
