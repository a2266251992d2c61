export {
  type Assessment,
  type AssessOptions,
  assess,
  type Check,
  type FilingConclusion,
  type LicenceConclusion,
  type PermitConclusion,
  type PitfallHit,
  type QuestionOut,
  type Reason,
  type Undetermined,
} from './assess.ts';
export { type Change, type Comparison, compare, diffAssessments } from './compare.ts';
export type { Fact } from './conditions.ts';
export {
  type EngineErrorCode,
  type EngineIssue,
  engineErrorCodes,
  isIsoDate,
  issueMessages,
} from './errors.ts';
export { type ParameterUse, paramUse } from './params.ts';
export { type ParseResult, type Profile, parseProfile, profileSchema, suggestActivity } from './profile.ts';
export { type AssessmentSummary, summarize } from './summary.ts';
export {
  addWorkingDays,
  estimateTimeline,
  type Timeline,
  type TimelineStep,
  workCalendar,
} from './timeline.ts';
