/** What the API shows of an uploaded document (Document): one version's metadata, as the store keeps it. */
import { z } from 'zod';

export const documentSchema = z.object({
  id: z.string(),
  seriesId: z.string().describe('the id of the first version; all versions of the document share it'),
  version: z.number().int().describe('1, 2, … within the series'),
  companyId: z.string().nullable(),
  applicationId: z.string().nullable(),
  checklistItem: z.string().nullable().describe('a material id from kb/materials.yaml'),
  fileName: z.string().describe('the name it was uploaded with'),
  contentType: z.string().describe('detected from the content at upload'),
  sizeBytes: z.number().int(),
  sha256: z.string().describe('hex SHA-256 of the content'),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
});
