/** What the API shows of the user a request acts as (Me): GET /api/v1/me, a sign-in, an accepted invitation. */
import { roles, type SessionUser, type TokenScope, tokenScopes } from '@icpdesk/store';
import { z } from 'zod';

export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(roles) })),
  csrfToken: z
    .string()
    .nullable()
    .describe(
      'send it in the X-CSRF-Token header on POST, PUT, PATCH and DELETE; null when authenticated by an API token',
    ),
  token: z
    .object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(tokenScopes)) })
    .optional()
    .describe('the API token the request is authenticated by (absent for a session)'),
});

/** the user (and, authenticated by an API token, the token) a request acts as */
export const presentMe = (
  u: SessionUser,
  csrfToken: string | null,
  token?: { id: string; name: string; scopes: readonly TokenScope[] },
): z.infer<typeof meSchema> => ({
  user: { id: u.id, email: u.email, name: u.name },
  organisations: u.organisations,
  csrfToken,
  ...(token ? { token: { id: token.id, name: token.name, scopes: [...token.scopes] } } : {}),
});
