/**
 * The application state machine, as data. These are icpdesk's bookkeeping rules for recording what happened
 * to a case, not legal facts (those live in kb/):
 *
 *   draft ──▶ submitted ──▶ accepted ──▶ approved | rejected
 *                │  ▲          │
 *                ▼  │(before   ▼
 *   correction-requested ⇄ corrected   (a correction notice before acceptance — the one-time notice of
 *                            acceptance)  Administrative Licensing Law Art. 32 — or during review)
 *
 * - submitted → rejected is a refusal to accept (不予受理); accepted/corrected → rejected is a refusal on the
 *   merits; correction-requested → rejected covers materials never corrected.
 * - corrected → accepted only while the application has not been accepted yet (the correction came before
 *   acceptance); corrected → approved only once it has (the correction came during review). A refusal is
 *   possible either way.
 * - withdrawn from every state in which the application is with the authority: submitted, accepted,
 *   correction-requested, corrected. A draft was never lodged and is deleted instead (DELETE, drafts only).
 * - approved, rejected and withdrawn are final.
 */
import type { ApplicationState } from './schema.ts';

export type TransitionGuard = 'before-acceptance' | 'after-acceptance';

export interface Transition {
  from: ApplicationState;
  to: ApplicationState;
  /** allowed only before (or after) the application was first accepted */
  only?: TransitionGuard;
}

export const transitions: readonly Transition[] = [
  { from: 'draft', to: 'submitted' },
  { from: 'submitted', to: 'accepted' },
  { from: 'submitted', to: 'correction-requested' },
  { from: 'submitted', to: 'rejected' },
  { from: 'submitted', to: 'withdrawn' },
  { from: 'accepted', to: 'correction-requested' },
  { from: 'accepted', to: 'approved' },
  { from: 'accepted', to: 'rejected' },
  { from: 'accepted', to: 'withdrawn' },
  { from: 'correction-requested', to: 'corrected' },
  { from: 'correction-requested', to: 'rejected' },
  { from: 'correction-requested', to: 'withdrawn' },
  { from: 'corrected', to: 'accepted', only: 'before-acceptance' },
  { from: 'corrected', to: 'correction-requested' },
  { from: 'corrected', to: 'approved', only: 'after-acceptance' },
  { from: 'corrected', to: 'rejected' },
  { from: 'corrected', to: 'withdrawn' },
];

export const finalStates: readonly ApplicationState[] = ['approved', 'rejected', 'withdrawn'];
export const isFinal = (s: ApplicationState) => finalStates.includes(s);

/** the states an application may move to next; `accepted` says whether it was ever accepted */
export function nextStates(from: ApplicationState, accepted: boolean): ApplicationState[] {
  return transitions
    .filter((t) => t.from === from && (t.only === undefined || (t.only === 'after-acceptance') === accepted))
    .map((t) => t.to);
}
