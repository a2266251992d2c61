/**
 * What the API shows of an application's stored precheck (ApplicationPrecheck): the engine's package check
 * (PrecheckResult) with when and on which file it ran, and the checks against the application's and the
 * company's records.
 */
import { precheckResultSchema } from '@icpdesk/engine';
import type { StoredPrecheck } from '@icpdesk/store';
import { z } from 'zod';

export const consistencyFindingSchema = z.object({
  id: z
    .string()
    .describe('records-uscc, records-name, records-legal-representative, records-licence, records-procedure'),
  severity: z.enum(['error', 'warning']),
  message: z.object({ zh: z.string(), en: z.string() }),
});

export const storedPrecheckSchema = z
  .object({
    ranAt: z.string(),
    asOf: z.string(),
    package: z.object({ sha256: z.string(), sizeBytes: z.number() }),
    consistency: z.array(consistencyFindingSchema),
    documentKinds: z
      .array(z.string())
      .optional()
      .describe(
        'the kind of each document of the manifest, in order: documents[i] of a finding path is documentKinds[i] (absent in older checks)',
      ),
    result: precheckResultSchema,
  })
  .describe(
    'the stored precheck: the engine result and the checks against the application and company records',
  );

export const presentStoredPrecheck = (p: StoredPrecheck): z.infer<typeof storedPrecheckSchema> => p;
