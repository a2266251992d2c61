/** What the API shows of a member of the organisation (Member) and of a client's linked companies. */
import { roles } from '@icpdesk/store';
import { z } from 'zod';

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(roles),
  joinedAt: z.string(),
  lastLoginAt: z.string().nullable(),
  disabled: z.boolean().describe('the account is disabled (it cannot sign in)'),
});

export const linkedCompanies = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string() })),
});
