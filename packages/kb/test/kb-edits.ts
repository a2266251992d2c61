/** Edits of a copy of the kb that a loader test expects to be rejected, and the issues the load raises. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { parse } from 'yaml';
import { defaultKbDir, formatIssue, type KbIssue, KbLoadError, loadKb } from '../src/index.ts';

export interface ErrorCase {
  name: string;
  file: string;
  replace?: { from: string; to: string };
  delete?: boolean;
  /** write the replaced text to this new file instead, leaving `file` as it is */
  copyTo?: string;
  expect: { code: string; file: string; path?: string; message?: string; line?: number };
}

/** The cases of a fixture file (`cases:`), and a temporary folder for the copies, removed after the file's tests. */
export function errorCases(fixture: URL, prefix: string): { cases: ErrorCase[]; tmp: string } {
  const cases = (parse(readFileSync(fixture, 'utf8')) as { cases: ErrorCase[] }).cases;
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  return { cases, tmp };
}

/** Applies one fixture edit to a copy of the kb. */
export function applyEdit(dir: string, c: ErrorCase): void {
  const path = join(dir, c.file);
  if (c.delete) rmSync(path);
  if (c.replace) {
    const before = readFileSync(path, 'utf8');
    expect(before.includes(c.replace.from), `fixture text not found in ${c.file}: ${c.replace.from}`).toBe(
      true,
    );
    writeFileSync(c.copyTo ? join(dir, c.copyTo) : path, before.replace(c.replace.from, c.replace.to));
  }
}

/** The issues loading a kb raises (it must raise some). */
export function loadIssues(dir: string): KbIssue[] {
  let err: unknown;
  try {
    loadKb(dir, { cacheDir: false });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(KbLoadError);
  return (err as KbLoadError).issues;
}

/**
 * Copies the kb into `dir`, applies the case's edit and expects the load to raise an issue with the case's code
 * and file — and its path and message, where given — on a line of the file (a missing file has none).
 */
export function expectRejected(dir: string, c: ErrorCase): void {
  cpSync(defaultKbDir(), dir, { recursive: true });
  applyEdit(dir, c);
  const issues = loadIssues(dir);
  const hit = issues.find(
    (x) =>
      x.code === c.expect.code &&
      x.file === c.expect.file &&
      (!c.expect.path || x.path === c.expect.path) &&
      (!c.expect.message || x.message.includes(c.expect.message)),
  );
  expect(hit, issues.map(formatIssue).join('\n')).toBeDefined();
  if (c.expect.code !== 'KB_FILE_MISSING') expect(hit!.line, 'line number').toBeGreaterThan(0);
}
