/** What the API shows of an API token (ApiToken), as the store keeps it; never its secret's hash. */
import { tokenScopes } from '@icpdesk/store';
import { z } from 'zod';

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(tokenScopes)),
  userId: z.string().describe('the member the token acts for (with their current role)'),
  userEmail: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('to within a few minutes'),
  revokedAt: z.string().nullable(),
});

/** a token just made: the only answer that carries its secret */
export const createdTokenSchema = z.object({
  token: apiTokenSchema,
  secret: z.string().describe('send as Authorization: Bearer <secret>; it is not shown again'),
});
