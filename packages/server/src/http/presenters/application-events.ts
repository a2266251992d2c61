/** What the API shows of an application's events (ApplicationEvent): the store's event as it is. */
import { pauseKinds } from '@icpdesk/engine';
import { applicationEventKinds, applicationStates } from '@icpdesk/store';
import { z } from 'zod';

export const applicationStateSchema = z.enum(applicationStates);

export const eventSchema = z.object({
  id: z.string(),
  kind: z.enum(applicationEventKinds),
  fromState: applicationStateSchema.nullable(),
  toState: applicationStateSchema,
  on: z.string().nullable().describe('the day it took effect'),
  at: z.string().describe('when it was recorded'),
  actorId: z.string().nullable(),
  note: z.string().nullable(),
  attachments: z.array(z.string()),
  authorityReference: z.string().nullable(),
  pauseKind: z.enum(pauseKinds).nullable(),
});
