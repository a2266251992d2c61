/**
 * Error catalogue of the icpdesk command. Exit codes: 0 success, 2 bad input, 1 internal error (and 3 from
 * precheck: the package was read and has blocking problems).
 */
export const cliErrorCodes = {
  USAGE: 'the command line is not understood',
  FILE_NOT_FOUND: 'an input file does not exist',
  FILE_UNREADABLE: 'an input file cannot be read',
  PARSE_ERROR: 'an input file is not valid JSON or YAML',
  INPUT_TOO_COMPLEX: 'a YAML input is too large, nests too deep or has aliases that expand too far',
  INVALID_PROFILE: 'the profile does not match the contract',
  INVALID_INPUT: 'an input file (e.g. the register of icpdesk obligations) does not match its contract',
  INVALID_CHANGE: 'a proposed change (impact --change) or its register facts are not valid',
  INVALID_DATE: 'a date option is not a real YYYY-MM-DD date',
  NOT_FOUND: 'no knowledge-base entry has that id',
  KB_INVALID: 'the knowledge base does not load',
  BATCH_BAD_LINES: 'some lines of a batch were bad',
  INVALID_PACKAGE: 'an application package cannot be read or its manifest is invalid',
  NO_TEMPLATES: 'the knowledge base has no document template for that licence and procedure',
  UNKNOWN_MATERIAL: 'draft --material names no template or material of that licence and procedure',
  PACKAGE_INCOMPLETE: 'the package zip cannot be written: its application.yaml would lack required fields',
} as const;
export type CliErrorCode = keyof typeof cliErrorCodes;

export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode: 1 | 2 = 2,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}
