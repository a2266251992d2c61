/**
 * Applications (cases) and their events, tenant-scoped in the data-access layer like ../companies.ts: every
 * function takes a `Scope` and adds `organisation_id = scope.organisationId` (for a client also "only the
 * applications of companies linked to it") to each query; another organisation's id behaves exactly like a
 * missing one (undefined → 404). Writes need owner, admin or consultant, and leave an audit row (entity
 * "applications", the API shape before/after, the company id) in the same transaction as the write.
 *
 * - State changes follow the table in ../application-transitions.ts (INVALID_TRANSITION otherwise, with the
 *   allowed next states). Every change is an application_events row: who, when it was recorded (`at`), the
 *   day it took effect (`effective_on`, never before the previous event's and never after today), a note,
 *   attachments (document ids of the organisation) and the authority's reference.
 * - Expert review, inspection, hearings and testing are events that pause the review clock without changing
 *   the state (pause-started / pause-ended); so is the licence being issued (licence-issued).
 * - The statutory clocks are the engine's (`applicationClock`); what they need is kept on the row (the date
 *   columns and the `clock` JSON) and `authority_due_on` (engine `authorityDueOn`) is rewritten with every
 *   change, so a list computes clocks and filters overdue applications without a join.
 *
 * Values handed in (licence codes, authority, material ids) are validated against kb/ by the caller; the
 * store checks what needs the database (the company, documents, states, dates).
 *
 * Files: model.ts (shapes and refusals), rows.ts (rows, the API shape, scope and audit), list.ts (reads),
 * checks.ts, changes.ts (how a row changes), writes.ts (create, update, precheck, delete), transitions.ts,
 * events.ts (pauses, licence issued), due-dates.ts (recomputed after a kb change).
 */
export { nextUpdatedAt } from './changes.ts';
export * from './due-dates.ts';
export * from './events.ts';
export * from './list.ts';
export * from './model.ts';
export { clockInputOf, toApplication } from './rows.ts';
export * from './transitions.ts';
export * from './writes.ts';
