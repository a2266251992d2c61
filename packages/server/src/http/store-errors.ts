/**
 * The store's refusals as problems, in one place for the app's error handler: a handler calls a store
 * function and lets its error go. A RepoError's code is the problem code (the store's codes are in the
 * problem catalogue; an unknown one is a bug, answered as 500 and logged); an invalid licence or register
 * entry carries its issues as the problem's field errors, an unreadable spreadsheet its finer reason; a stored file that fails
 * its check is DOCUMENT_DAMAGED. A database that cannot be reached for now (down, restarting, closed, locked
 * past the busy timeout) is DB_UNAVAILABLE, 503 with Retry-After, wherever it shows: a repository, the session
 * look-up, the anonymous endpoints' rate-limit counter.
 */
import {
  isDatabaseUnavailable,
  LicenceStoreError,
  RegisterStoreError,
  RepoError,
  SheetError,
  StoredFileError,
} from '@icpdesk/store';
import { HttpProblem, joinTexts, type ProblemCode, problems } from './problems.ts';

/** the problem a store error stands for; undefined for anything else (or a code the catalogue lacks) */
export function storeProblem(err: unknown, url: string): HttpProblem | undefined {
  if (err instanceof StoredFileError) return new HttpProblem('DOCUMENT_DAMAGED', url.split('?')[0]);
  if (isDatabaseUnavailable(err)) return new HttpProblem('DB_UNAVAILABLE');
  if (!(err instanceof RepoError) || !(err.code in problems)) return undefined;
  const code = err.code as ProblemCode;
  if ((err instanceof LicenceStoreError || err instanceof RegisterStoreError) && err.issues.length)
    return new HttpProblem(
      code,
      joinTexts(err.issues.map((i) => i.message)),
      err.issues.map((i) => ({ path: `body.${i.field}`, code: i.code, message: i.message })),
    );
  if (err instanceof SheetError)
    return new HttpProblem(code, err.text, [{ path: 'file', code: err.reason, message: err.text }]);
  return new HttpProblem(code, err.text ?? err.message);
}

/** the problem code of an error as the error handler will answer it, if it is a problem or a store refusal */
export const problemCodeOf = (err: unknown): string | undefined =>
  err instanceof HttpProblem || err instanceof RepoError ? err.code : undefined;
