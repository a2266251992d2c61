/** The problems found while loading, each naming the file, the path of the entry and, where known, its line. */
import type { KbErrorCode, KbIssue } from '../errors.ts';

export type Path = (string | number)[];

/** A parsed YAML file: its data and where each path of it starts in the text. */
export interface Parsed {
  file: string;
  data: unknown;
  locate: (path: Path) => { line?: number; column?: number };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** The issues of one load, in the order they were found. */
export class Issues {
  readonly list: KbIssue[] = [];

  /** an issue at a path of a file; with the parsed file, it carries the line and column of the path */
  add(code: KbErrorCode, file: string, path: Path, message: string, p?: Parsed): void {
    this.list.push({ code, file, path: formatPath(path), message, ...(p ? p.locate(path) : {}) });
  }

  /** an issue as it is */
  push(issue: KbIssue): void {
    this.list.push(issue);
  }
}
