/**
 * The package supplement's pure parts: the manifest paths a 409 PACKAGE_INCOMPLETE names, and where the form
 * puts each — on its own fields (the ID number, the company facts) or as a link to where it is kept.
 */
import { describe, expect, it } from 'vitest';
import { incompletePaths, placeOf } from '../src/pages/application/package-refusal.ts';

/** an ApiError's shape: the problem the server answered */
const refusal = (code: string, paths: string[]) => ({
  problem: {
    title: 'x',
    status: 409,
    code,
    errors: paths.map((path) => ({ path, code: 'missing', message: path })),
  },
  failure: 409,
});

describe('the package supplement', () => {
  it('reads the manifest paths of a PACKAGE_INCOMPLETE refusal, and nothing of other failures', () => {
    expect(
      incompletePaths(
        refusal('PACKAGE_INCOMPLETE', [
          'manifest.applicant.legalRepresentative.idNumber',
          'manifest.applicant.shareholders',
        ]),
      ),
    ).toEqual(['applicant.legalRepresentative.idNumber', 'applicant.shareholders']);
    expect(incompletePaths(refusal('VALIDATION_FAILED', ['body.supplement']))).toBeNull();
    expect(incompletePaths(new Error('offline'))).toBeNull();
  });

  it('puts each path on its field, or where it is kept', () => {
    const cases: [string, ReturnType<typeof placeOf>][] = [
      ['applicant.legalRepresentative', 'person'],
      ['applicant.legalRepresentative.idNumber', 'id'],
      ['applicant.legalRepresentative.name', 'name'],
      ['applicant.address', 'address'],
      ['applicant.registeredCapitalCny', 'capital'],
      ['applicant.shareholders', 'holders'],
      ['applicant.shareholders[0].percent', 'holders'],
      ['applicant.registeredProvince', 'profile'],
      ['coverage', 'profile'],
      ['activities', 'profile'],
      ['domains[0].expires', 'register'],
      ['servers[1].providerLicence', 'register'],
      ['applicant.uscc', 'company'],
    ];
    for (const [path, place] of cases) expect([path, placeOf(path)]).toEqual([path, place]);
  });
});
