/** The business profile an application manifest describes, for the assessment of the applicant. */
import type { Manifest } from '../manifest.ts';
import type { Profile } from '../profile.ts';

export function manifestProfile(m: Manifest, foreignPercent: number): Profile {
  const entity: NonNullable<Profile['entity']> = {
    type: 'company',
    name: m.applicant.name,
    registeredProvince: m.applicant.registeredProvince,
    registeredCapitalCny: m.applicant.registeredCapitalCny,
    foreignSharePercent: foreignPercent,
  };
  if (m.applicant.pilotArea !== undefined) entity.pilotArea = m.applicant.pilotArea;
  if (m.applicant.onCreditBlacklist !== undefined) entity.onCreditBlacklist = m.applicant.onCreditBlacklist;
  // repeated entries are collapsed, as parseProfile does
  const service: Profile['service'] = {
    coverage: [...new Set(m.coverage)],
    activities: [...new Set(m.activities)],
  };
  if (m.channels) service.channels = [...new Set(m.channels)];
  if (m.serverLocation) service.serverLocation = m.serverLocation;
  if (m.answers) service.answers = m.answers;
  return { entity, service };
}
