/**
 * Whom a document is about, by who provides the material (kb materials `providedBy`): the name on a
 * shareholder's certificate is the shareholder's, on the legal representative's ID card the legal
 * representative's, on a staff member's insurance record the employee's, on a domain certificate the
 * registrant's (domains[].holder, which domain-holder judges). The applicant's own name is always
 * accepted (it compiles shareholder lists and signs undertakings). Material compiled by a sector regulator
 * (a pre-approval) is not compared.
 */
import type { Text } from '@icpdesk/kb';
import type { Manifest, Shareholder } from '../manifest.ts';
import type { MaterialRef } from './material-of.ts';
import { t } from './run.ts';

export interface Parties {
  /** the names the document may carry */
  names: string[];
  /** who besides the applicant, for messages; null when only the applicant */
  besides: Text | null;
}

const everyHolder = (list: Shareholder[]): string[] =>
  list.flatMap((s) => [s.name, ...everyHolder(s.shareholders ?? [])]);

/** the parties a document of this material may name; null when its names are not compared */
export function partiesOf(m: Manifest, providedBy: MaterialRef['providedBy'] | undefined): Parties | null {
  const a = m.applicant;
  switch (providedBy) {
    case 'sector-regulator':
      return null;
    case 'shareholders':
      return { names: [a.name, ...everyHolder(a.shareholders)], besides: t('股东', 'shareholders') };
    case 'legal-representative':
      return {
        names: [a.name, a.legalRepresentative.name],
        besides: t('法定代表人', 'legal representative'),
      };
    case 'domain-registrar': // the domain's certificate names its registrant, judged by domain-holder
      return {
        names: [a.name, ...(m.domains ?? []).map((d) => d.holder)],
        besides: t('域名持有人', 'domain holders'),
      };
    case 'staff':
      return { names: [a.name, ...(m.staff ?? []).map((s) => s.name)], besides: t('员工', 'staff') };
    default:
      return { names: [a.name], besides: null };
  }
}
