/** Error catalogue of @icpdesk/kb. Codes are stable: tools and tests match on them. */
export const kbErrorCodes = {
  KB_DIR_MISSING: 'the knowledge-base folder does not exist',
  KB_FILE_MISSING: 'a required file is missing',
  KB_YAML: 'the file is not valid YAML',
  KB_SCHEMA: 'an entry does not match the schema',
  KB_DUPLICATE_ID: 'two entries share one id',
  KB_UNKNOWN_SOURCE: 'a source reference names no entry of sources.yaml',
  KB_UNKNOWN_REF: 'a reference names no known entry',
  KB_EFFECTIVE_OVERLAP: 'two versions of one fact are in force at the same time',
  KB_DECISION_LIMIT_TWICE: 'two parameters both limit the decision on one procedure',
  KB_INCOMPLETE: 'a required entry is missing',
  KB_TEMPLATE_FACT:
    'a document template names a fact the catalogue (templates/facts.yaml) lacks, or misuses one',
  KB_TEMPLATE_UNCOVERED: 'a requirement of a document template is covered by none of its sections',
} as const;
export type KbErrorCode = keyof typeof kbErrorCodes;

export interface KbIssue {
  code: KbErrorCode;
  /** path of the file relative to the kb folder */
  file: string;
  /** path of the offending entry inside the file, e.g. activities[0].licences[1].sources */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatIssue(i: KbIssue): string {
  const where = i.line ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  return `${where} ${i.path ? `${i.path}: ` : ''}${i.message} [${i.code}]`;
}

export class KbLoadError extends Error {
  readonly code = 'KB_INVALID';
  constructor(readonly issues: KbIssue[]) {
    super(
      `the knowledge base has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues
        .slice(0, 50)
        .map((i) => `  ${formatIssue(i)}`)
        .join('\n')}${issues.length > 50 ? `\n  … and ${issues.length - 50} more` : ''}`,
    );
    this.name = 'KbLoadError';
  }
}
