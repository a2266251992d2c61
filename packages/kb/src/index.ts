export { formatIssue, type KbErrorCode, type KbIssue, KbLoadError, kbErrorCodes } from './errors.ts';
export {
  type CitedSource,
  defaultKbDir,
  formatPath,
  inForce,
  type Kb,
  loadKb,
  type ParameterAt,
} from './loader.ts';
export * from './schema.ts';
export * from './schema-templates.ts';
export { type SearchHit, searchKb } from './search.ts';
export { type Grade, type SourceStats, sourceStats } from './source-stats.ts';
