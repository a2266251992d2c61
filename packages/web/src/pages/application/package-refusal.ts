/**
 * A refused package download read for the supplement form (package-supplement.tsx): the manifest paths a
 * 409 PACKAGE_INCOMPLETE names (an ApiError's problem), and where the form takes each one.
 */

/** the manifest paths a 409 PACKAGE_INCOMPLETE names; null for any other failure */
export function incompletePaths(e: unknown): string[] | null {
  const p = (e as { problem?: { code?: string; errors?: { path: string }[] } | null } | null)?.problem;
  if (p?.code !== 'PACKAGE_INCOMPLETE') return null;
  return (p.errors ?? []).map((f) => f.path.replace(/^manifest\./, ''));
}

/** where a missing manifest path is given: on this form, or elsewhere (the company's profile or register) */
export function placeOf(
  path: string,
): 'id' | 'name' | 'person' | 'address' | 'capital' | 'holders' | 'profile' | 'register' | 'company' {
  if (path === 'applicant.legalRepresentative') return 'person';
  if (path.startsWith('applicant.legalRepresentative.idNumber')) return 'id';
  if (path.startsWith('applicant.legalRepresentative.name')) return 'name';
  if (path === 'applicant.address') return 'address';
  if (path === 'applicant.registeredCapitalCny') return 'capital';
  if (path.startsWith('applicant.shareholders')) return 'holders';
  if (
    /^(applicant\.(registeredProvince|pilotArea|onCreditBlacklist)|coverage|activities|channels|serverLocation|answers)/.test(
      path,
    )
  )
    return 'profile';
  if (/^(domains|servers)/.test(path)) return 'register';
  return 'company';
}
