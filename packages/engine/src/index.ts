export {
  type ApplicationClockInput,
  applicationClock,
  authorityDueOn,
  type ClockOptions,
  type ClockProcedure,
  clockInputDates,
  clockProcedures,
  clockSummary,
} from './application-clock.ts';
export { type AssessOptions, assess, assessSummary } from './assess.ts';
export {
  addDays,
  addWorkingDays,
  addYears,
  type CalendarCoverage,
  calendarCoverage,
  calendarNote,
  type DayBasis,
  type RestDayShift,
  shiftOffRestDay,
  type WorkCalendar,
  workCalendar,
  yearsWithout,
} from './calendar.ts';
export { type Checklist, type ChecklistItem, type ChecklistOptions, checklist } from './checklist.ts';
export { chinaDate } from './china-date.ts';
export {
  type AssessmentInputs,
  type Change,
  type Comparison,
  compare,
  diffAssessments,
  explainDifference,
} from './compare.ts';
export type { Fact } from './conditions.ts';
export { assessedAuthority } from './default-authority.ts';
export * from './draft/index.ts';
export {
  type EngineErrorCode,
  type EngineIssue,
  engineErrorCodes,
  isIsoDate,
  issueMessages,
} from './errors.ts';
export {
  applyChange,
  changeEvents,
  changeRules,
  type ImpactOptions,
  impact,
  parseChange,
  parseRegisterFacts,
} from './impact/index.ts';
export {
  checkKbReferences,
  type KbReferenceIssue,
  type KbReferences,
  normaliseCode,
} from './kb-references.ts';
export {
  type DatedStanding,
  type DateRange,
  expiryRangeOf,
  type LicenceDates,
  type LicenceStanding,
  licenceDates,
  licenceStanding,
  licenceStandings,
  RENEWAL_LEAD_PARAMETER,
  type RecordedStanding,
  renewalDueFrom,
  renewalLeadDays,
  renewalLeadParameter,
} from './licence-standing.ts';
export { checkLimits, type LimitSpec, MANIFEST_LIMITS, PROFILE_LIMITS } from './limits.ts';
export { assessmentFrame, assessmentIn, isText, localise } from './localise.ts';
export {
  type Manifest,
  type ManifestResult,
  manifestSchema,
  parseManifest,
  type Shareholder,
  shareholderSchema,
} from './manifest.ts';
export {
  addYearsCivil,
  filterObligations,
  type ObligationFilter,
  obligations,
  obligationsPage,
  reportYearEnd,
} from './obligations.ts';
export { type ParameterUse, paramUse } from './params.ts';
export {
  ELIGIBILITY_FINDING_PREFIX,
  type Finding,
  type FindingCode,
  fileTypeOf,
  manifestProfile,
  type PackageFile,
  type PrecheckInput,
  type PrecheckResult,
  precheck,
  precheckFindingCodes,
  type Severity,
  sameName,
} from './precheck.ts';
export { type ParseResult, type Profile, parseProfile, profileSchema, suggestActivity } from './profile.ts';
export * from './schemas/index.ts';
export { foreignShare, type ShareholdingResult } from './shareholding.ts';
export { resolveSources, sourceBook } from './source-book.ts';
export { storedAssessment, storedPrecheckResult } from './stored-assessment.ts';
export { type AssessmentSummary, summarize } from './summary.ts';
export { estimateTimeline, type Timeline, type TimelineStep } from './timeline.ts';
export * from './validators/index.ts';
export { getAt, keysAt, pathOf, zodIssues } from './zod-issues.ts';
