/**
 * What happens to an application (tag "applications"):
 *
 * - POST /api/v1/applications/:id/transitions   move it to another state (writers): { to, on?, note?,
 *        attachments?, authorityReference? }. The allowed moves are the table in
 *        store/application-transitions.ts; any other is 409 INVALID_TRANSITION naming the allowed next
 *        states. `on` is the day it took effect (default today in China): not after today, not before the
 *        previous event (400 INVALID_EVENT_DATE). Attachments are document ids of the application's company
 *        (400 UNKNOWN_DOCUMENT, or DOCUMENT_OF_OTHER_COMPANY for another company's). Submitting needs an
 *        authority (409 APPLICATION_INCOMPLETE).
 * - POST /api/v1/applications/:id/events        an event that does not change the state (writers):
 *        pause-started { pauseKind: expert-review | inspection | hearing | testing } and pause-ended — time
 *        excluded from the review period (Administrative Licensing Law Art. 45) — and licence-issued, which
 *        ends the issuance clock. 409 EVENT_NOT_ALLOWED when it does not fit.
 * - GET  /api/v1/applications/:id/events        every event in the order recorded (readers)
 *
 * Both POSTs answer 201 with the application as GET /api/v1/applications/:id shows it (events, clocks).
 */

import {
  type EventInput,
  listApplicationEvents,
  recordApplicationEvent,
  transitionApplication,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { eventSchema } from '../presenters/application-events.ts';
import { detailSchema } from '../presenters/applications.ts';
import { idParams, langQuery, notFound, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { detailOf, eventBody, transitionBody } from './application-kit.ts';

export const applicationEventRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/applications/:id/transitions',
    {
      preValidation,
      config: { location: '/api/v1/applications/{id}' },
      schema: {
        operationId: 'transitionApplication',
        problems: [
          'INVALID_TRANSITION',
          'APPLICATION_INCOMPLETE',
          'INVALID_EVENT_DATE',
          'UNKNOWN_DOCUMENT',
          'DOCUMENT_OF_OTHER_COMPANY',
        ],
        tags: ['applications'],
        summary:
          'Move an application to another state (owner, admin, consultant); 409 if the move is not allowed',
        params: idParams,
        querystring: langQuery,
        body: transitionBody,
        response: { 201: detailSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      const day = clock.today();
      const moved = await transitionApplication(db, kb, scope, req.params.id, {
        to: b.to,
        on: b.on ?? day,
        today: day,
        ...(b.note !== undefined ? { note: b.note } : {}),
        ...(b.attachments ? { attachments: b.attachments } : {}),
        ...(b.authorityReference !== undefined ? { authorityReference: b.authorityReference } : {}),
      });
      if (!moved) throw notFound('application', req.params.id);
      return reply.status(201).send(await detailOf(db, kb, scope, moved, day));
    },
  );

  app.post(
    '/api/v1/applications/:id/events',
    {
      preValidation,
      config: { location: '/api/v1/applications/{id}' },
      schema: {
        operationId: 'recordApplicationEvent',
        problems: [
          'EVENT_NOT_ALLOWED',
          'INVALID_EVENT_DATE',
          'UNKNOWN_DOCUMENT',
          'DOCUMENT_OF_OTHER_COMPANY',
        ],
        tags: ['applications'],
        summary:
          'Record an expert review or inspection (pause-started, pause-ended) or the licence being issued (owner, admin, consultant)',
        params: idParams,
        querystring: langQuery,
        body: eventBody,
        response: { 201: detailSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const b = req.body;
      const day = clock.today();
      const common = {
        on: b.on ?? day,
        today: day,
        ...(b.note !== undefined ? { note: b.note } : {}),
        ...(b.attachments ? { attachments: b.attachments } : {}),
        ...(b.authorityReference !== undefined ? { authorityReference: b.authorityReference } : {}),
      };
      const event: EventInput =
        b.kind === 'pause-started'
          ? { ...common, kind: b.kind, pauseKind: b.pauseKind }
          : { ...common, kind: b.kind };
      const recorded = await recordApplicationEvent(db, kb, scope, req.params.id, event);
      if (!recorded) throw notFound('application', req.params.id);
      return reply.status(201).send(await detailOf(db, kb, scope, recorded, day));
    },
  );

  app.get(
    '/api/v1/applications/:id/events',
    {
      preValidation,
      schema: {
        operationId: 'listApplicationEvents',
        tags: ['applications'],
        summary: 'The events of an application, in the order they were recorded',
        params: idParams,
        querystring: langQuery,
        response: { 200: z.object({ items: z.array(eventSchema) }) },
      },
    },
    async (req) => {
      const events = await listApplicationEvents(db, scopeOf(req), req.params.id);
      if (!events) throw notFound('application', req.params.id);
      return { items: events };
    },
  );
};
