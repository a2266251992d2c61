/**
 * What the API shows of a company (Company) and of its shareholding (Shareholding): the response schemas
 * and the functions that turn the store's company into them. The profile and the shareholder tree are the
 * engine's own schemas (Profile, Shareholder), with which they were checked when stored.
 */
import {
  foreignShare,
  type Profile,
  profileSchema,
  type Shareholder,
  shareholderSchema,
} from '@icpdesk/engine';
import type { Company } from '@icpdesk/store';
import { z } from 'zod';

export const contactSchema = z.object({
  name: z.string(),
  role: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});

export const companySchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string().nullable().describe('统一社会信用代码, normalised (upper case)'),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  registeredCapitalCny: z.number().nullable(),
  profile: profileSchema.nullable().describe('the assessment profile; null until one is given'),
  shareholders: z.array(shareholderSchema).describe('the shareholder tree; [] until one is given'),
  contacts: z.array(contactSchema),
  staffCount: z.number().int().nullable().describe('the headcount (员工人数); null until given'),
  premisesAddress: z.string().nullable().describe('the business premises (经营场所) address'),
  premisesAreaSqm: z.number().nullable().describe('the business premises floor area, m²'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CompanyBody = z.infer<typeof companySchema>;

/** a stored company as the API shows it (its profile and tree were checked by the engine when written) */
export const presentCompany = (c: Company): CompanyBody => ({
  ...c,
  profile: c.profile as Profile | null,
  shareholders: c.shareholders as Shareholder[],
});

/** how far a declared foreign share may be from the computed one and still agree, in percentage points */
const TOLERANCE = 0.01;

export const shareholdingSchema = z.object({
  shareholders: z.array(shareholderSchema),
  foreignPercent: z
    .number()
    .nullable()
    .describe('foreign share through the tree, counting the known layers; null without a tree'),
  unknownPercent: z.number().describe('share held through domestic companies whose holders are not given'),
  unknownLayers: z.array(z.string()).describe('paths of those companies, e.g. shareholders[1]'),
  badSums: z
    .array(z.object({ path: z.string(), sum: z.number() }))
    .describe('holder lists whose percentages do not add up to 100'),
  declaredForeignSharePercent: z
    .number()
    .nullable()
    .describe('the profile’s entity.foreignSharePercent, null when not given'),
  agreement: z
    .enum(['agrees', 'disagrees', 'unknown'])
    .describe(
      'unknown without a tree or a declared value, or when the unknown layers could account for the difference',
    ),
});

/** the foreign share through the company's tree (engine foreignShare) beside the one its profile declares */
export function presentShareholding(c: Company): z.infer<typeof shareholdingSchema> {
  const { profile, shareholders: holders } = presentCompany(c);
  const declared = profile?.entity?.foreignSharePercent ?? null;
  if (!holders.length)
    return {
      shareholders: [],
      foreignPercent: null,
      unknownPercent: 0,
      unknownLayers: [],
      badSums: [],
      declaredForeignSharePercent: declared,
      agreement: 'unknown',
    };
  const r = foreignShare(holders, 'shareholders');
  let agreement: 'agrees' | 'disagrees' | 'unknown' = 'unknown';
  if (declared !== null) {
    const low = r.foreignPercent - TOLERANCE;
    const high = r.foreignPercent + r.unknownPercent + TOLERANCE;
    if (declared < low || declared > high) agreement = 'disagrees';
    else if (r.unknownPercent === 0) agreement = 'agrees';
  }
  return { shareholders: holders, ...r, declaredForeignSharePercent: declared, agreement };
}
