export { draftDocument } from './draft-document.ts';
export {
  type DraftBlock,
  type DraftDocument,
  type DraftRun,
  type DraftSection,
  type DraftSignatureLine,
  gapText,
  isGap,
  type MissingFact,
  runsText,
} from './model.ts';
export { type DraftContact, type DraftSubject, resolveFacts } from './resolve-facts.ts';
export { type ChosenTemplates, chooseTemplates, type TemplateChoice } from './select-templates.ts';
export { type DraftSubjectResult, draftSubjectSchema, parseDraftSubject } from './subject.ts';
export { type SubjectAuthority, subjectAuthority } from './subject-authority.ts';
export { chineseDate, chineseMoney, chineseNumber, type FactValue, type FactValues } from './values.ts';
