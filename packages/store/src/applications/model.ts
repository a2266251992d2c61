/** Applications (cases) and their events: the shapes the store takes and gives, and its refusals. */
import type { PauseKind, PrecheckResult } from '@icpdesk/engine';
import type { ApplicationEventKind, ApplicationState, Procedure } from '../schema.ts';
import { RepoError } from '../scope.ts';

export const applicationStoreErrorCodes = [
  'FORBIDDEN',
  'INVALID_CURSOR',
  'INVALID_TRANSITION',
  'NOT_DRAFT',
  'APPLICATION_INCOMPLETE',
  'APPLICATION_IN_USE',
  'INVALID_EVENT_DATE',
  'EVENT_NOT_ALLOWED',
  'COMPANY_UNKNOWN',
  'UNKNOWN_DOCUMENT',
  'DOCUMENT_OF_OTHER_COMPANY',
] as const;
export type ApplicationStoreErrorCode = (typeof applicationStoreErrorCodes)[number];

export class ApplicationStoreError extends RepoError<ApplicationStoreErrorCode> {}

export const checklistStatuses = ['todo', 'ready', 'not-applicable'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

export interface ChecklistEntry {
  status: ChecklistStatus;
  documentIds?: string[];
  note?: string;
}

export interface Correction {
  requestedOn: string;
  correctedOn: string | null;
}

export interface Pause {
  kind: PauseKind;
  from: string;
  to: string | null;
}

export interface Application {
  id: string;
  companyId: string;
  /** e.g. ["B25:internet"] */
  licenceCodes: string[];
  procedure: Procedure;
  authority: string | null;
  state: ApplicationState;
  /** the states it may move to next */
  nextStates: ApplicationState[];
  checklist: Record<string, ChecklistEntry>;
  authorityReference: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  decidedOn: string | null;
  withdrawnOn: string | null;
  issuedOn: string | null;
  corrections: Correction[];
  pauses: Pause[];
  /** the day after which the authority is overdue as the events stand, or null */
  authorityDueOn: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationDetail extends Application {
  /** the last precheck of the application's package, or null before one ran */
  precheckFindings: StoredPrecheck | null;
}

export interface ApplicationEvent {
  id: string;
  kind: ApplicationEventKind;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  /** the day it took effect */
  on: string | null;
  /** when it was recorded */
  at: string;
  actorId: string | null;
  note: string | null;
  attachments: string[];
  authorityReference: string | null;
  pauseKind: PauseKind | null;
}

export interface ApplicationInput {
  companyId: string;
  licenceCodes: string[];
  procedure: Procedure;
  /** left out: the one the engine assesses from the company's stored profile as of today (else null) */
  authority?: string | null;
  checklist?: Record<string, ChecklistEntry>;
  authorityReference?: string | null;
  /** today in Asia/Shanghai: the created event's date */
  today: string;
}

export interface ApplicationPatch {
  /** draft only */
  companyId?: string;
  /** draft only */
  licenceCodes?: string[];
  /** draft only */
  procedure?: Procedure;
  /** draft only */
  authority?: string | null;
  authorityReference?: string | null;
  /** merged into the progress; null removes an item's entry */
  checklist?: Record<string, ChecklistEntry | null>;
}

interface EventCommon {
  /** the day it took effect */
  on: string;
  /** today in Asia/Shanghai: `on` may not be later */
  today: string;
  note?: string | null;
  attachments?: string[];
  authorityReference?: string | null;
}

export interface TransitionInput extends EventCommon {
  to: ApplicationState;
}

export type EventInput = EventCommon &
  ({ kind: 'pause-started'; pauseKind: PauseKind } | { kind: 'pause-ended' } | { kind: 'licence-issued' });

export type ApplicationSort = 'createdAt' | 'updatedAt';

export interface ApplicationListOptions {
  limit: number;
  sort: ApplicationSort;
  order: 'asc' | 'desc';
  cursor?: string;
  companyId?: string;
  state?: ApplicationState;
  authority?: string;
  /** only applications the authority is (true) or is not (false) overdue with as of `today` */
  overdue?: boolean;
  today: string;
}

export interface ApplicationPage {
  items: Application[];
  nextCursor: string | null;
}
/** one version of an application: (id, updatedAt) names it, since updated_at grows with every change */
export interface ApplicationVersion {
  id: string;
  updatedAt: string;
}

/** a stored precheck of the application's package: when, as of which day, of which file, and what it found */
export interface StoredPrecheck {
  ranAt: string;
  asOf: string;
  package: { sha256: string; sizeBytes: number };
  /** findings that name the application's own records (company USCC, licence codes) */
  consistency: { id: string; severity: 'error' | 'warning'; message: { zh: string; en: string } }[];
  /**
   * the `kind` of each document of the manifest, in its order, so that a finding's path (documents[2].holder)
   * names its material; absent in checks stored before it was kept, and when the manifest was invalid
   */
  documentKinds?: string[];
  /** the engine's package check (stored before results listed each source once: read in the current shape) */
  result: PrecheckResult;
}
