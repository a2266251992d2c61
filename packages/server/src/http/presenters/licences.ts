/**
 * What the API shows of a licence (Licence): the stored licence with its dates as of today — days to
 * expiry, the day renewal is due from and where it stands (the engine's licenceDates, under the kb's
 * renewal lead in force that day).
 */
import { licenceDates, licenceStandings } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { type Licence, licenceStatuses } from '@icpdesk/store';
import { z } from 'zod';

const status = z.enum(licenceStatuses);

export const licenceSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  applicationId: z
    .string()
    .nullable()
    .describe('the application it was issued on; null when entered directly'),
  number: z.string(),
  codes: z.array(z.string()),
  coverage: z.array(z.string()),
  authority: z.string(),
  issuedOn: z.string(),
  expiresOn: z.string(),
  status,
  daysToExpiry: z
    .number()
    .int()
    .describe('days from today (Asia/Shanghai) to expiresOn; negative once expired'),
  renewalDueFrom: z
    .string()
    .nullable()
    .describe('expiresOn less the kb parameter renewal-lead-days: the renewal application is due by then'),
  standing: z
    .enum(licenceStandings)
    .describe(
      'where the licence stands today: its status unless active; else expired after expiresOn, renewal-due from renewalDueFrom, in-force before',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LicenceBody = z.infer<typeof licenceSchema>;

/** a licence as the API shows it on `today` */
export const presentLicence =
  (kb: Kb) =>
  (l: Licence, today: string): LicenceBody => ({ ...l, ...licenceDates(kb, l, today) });
