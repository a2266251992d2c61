/** What the API shows of the organisation a request acts in (Organisation), as the store keeps it. */
import { z } from 'zod';

export const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  members: z.number().int().describe('how many members it has'),
  permissions: z
    .object({
      editOrganisation: z.boolean(),
      manageMembers: z.boolean().describe('change roles and remove members'),
      invite: z.boolean(),
      manageTokens: z.boolean(),
      manageNotifications: z.boolean().describe('reminder settings, channels, the delivery log'),
      linkClientCompanies: z.boolean().describe('set the companies a client member sees'),
      writeCompliance: z
        .boolean()
        .describe('change companies, assessments, applications, licences and documents'),
    })
    .describe('what the caller’s role (and API token) may do here, by the rules the API enforces'),
});
