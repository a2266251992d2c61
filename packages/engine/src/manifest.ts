/**
 * The manifest of an application package (application.yaml): who applies, for what, with which people,
 * domains, servers and documents. Validated once here; precheck() trusts a parsed manifest.
 */
import { b25Scope, channel, licenceCode, pilotArea, procedure, serverLocation } from '@icpdesk/kb';
import { z } from 'zod';
import { type EngineIssue, isIsoDate } from './errors.ts';
import { checkLimits, manifestLimitSpec } from './limits.ts';
import { zodIssues } from './zod-issues.ts';

const date = z.string().refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' });
const province = z.string().regex(/^CN-[A-Z]{2}$/, 'expected a province code such as CN-GD');

export interface Shareholder {
  name: string;
  kind: 'natural-person' | 'company' | 'state';
  /** ISO 3166-1 alpha-2 nationality (natural persons) or jurisdiction of registration (companies); CN for mainland */
  country: string;
  percent: number;
  /** a company's own shareholders, down to natural persons or the state */
  shareholders?: Shareholder[];
}

/** one holder of a shareholder tree, with a company's own holders below it */
export const shareholderSchema: z.ZodType<Shareholder> = z
  .lazy(() =>
    z.strictObject({
      name: z.string().min(1),
      kind: z.enum(['natural-person', 'company', 'state']),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as CN, HK, US')
        .describe('ISO 3166-1 alpha-2: nationality of a person, jurisdiction of a company; CN for mainland'),
      percent: z.number().gt(0).max(100),
      shareholders: z
        .array(shareholderSchema)
        .min(1)
        .optional()
        .describe("a company's own holders, down to natural persons or the state"),
    }),
  )
  .meta({
    id: 'Shareholder',
    description: 'A holder in a shareholder tree (application.yaml applicant.shareholders).',
  });
const shareholder = shareholderSchema;

export const manifestSchema = z.strictObject({
  applicant: z.strictObject({
    name: z.string().min(1),
    uscc: z.string().min(1),
    legalRepresentative: z.strictObject({
      name: z.string().min(1),
      idNumber: z.string().min(1),
      idExpires: date.optional(),
    }),
    address: z.string().min(1),
    registeredProvince: province,
    pilotArea: pilotArea.nullable().optional(),
    registeredCapitalCny: z.number().nonnegative(),
    onCreditBlacklist: z.boolean().optional(),
    shareholders: z.array(shareholder).min(1),
  }),
  licence: z.strictObject({
    code: licenceCode,
    scope: b25Scope.optional(),
    procedure: procedure,
  }),
  coverage: z.array(z.union([z.literal('nationwide'), province])).min(1),
  activities: z.array(z.string().min(1)).min(1),
  channels: z.array(channel).optional(),
  serverLocation: serverLocation.optional(),
  answers: z.record(z.string(), z.boolean()).optional(),
  staff: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        role: z.string().min(1),
        socialInsurance: z.boolean(),
        idNumber: z.string().optional(),
      }),
    )
    .optional(),
  domains: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        holder: z.string().min(1),
        expires: date,
        icpFiling: z.string().optional(),
      }),
    )
    .optional(),
  servers: z
    .array(
      z.strictObject({
        ip: z.string().min(1),
        provider: z.string().min(1),
        providerLicence: z.string().min(1),
      }),
    )
    .optional(),
  documents: z.array(
    z.strictObject({
      kind: z.string().min(1),
      file: z.string().min(1),
      holder: z.string().optional(),
      uscc: z.string().optional(),
      legalRepresentative: z.string().optional(),
      /** for pre-approval documents: the permit it is */
      permit: z.string().optional(),
      issued: date.optional(),
      expires: date.optional(),
    }),
  ),
});
export type Manifest = z.infer<typeof manifestSchema>;

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; issues: EngineIssue[] };

/**
 * Validates a manifest object, first against the technical limits (limits.ts). Never throws. Issue paths are
 * manifest paths, e.g. documents[2].file.
 */
export function parseManifest(input: unknown): ManifestResult {
  const tooLarge = checkLimits(input, manifestLimitSpec);
  if (tooLarge.length) return { ok: false, issues: tooLarge };
  const r = manifestSchema.safeParse(input);
  return r.success
    ? { ok: true, manifest: r.data }
    : { ok: false, issues: zodIssues(manifestSchema, input, r.error) };
}
