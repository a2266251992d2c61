/**
 * YAML from outside (an uploaded manifest, a profile file) parsed with bounds: its size, how deep it nests and
 * how far its aliases expand. The `yaml` parser recurses per level of nesting and builds patterns from the
 * indentation, so a small document of a few hundred thousand "- " can exhaust the stack or the heap before
 * it reports anything; a "billion laughs" document (aliases of aliases) expands exponentially when turned
 * into data. Both are refused here, by a linear scan of the text before parsing and by the parser's own
 * alias budget after. Technical limits, not legal facts.
 */
import { type Document, type LineCounter, parseDocument } from 'yaml';

export const YAML_LIMITS = {
  /** characters of the whole document (a real manifest is a few thousand) */
  chars: 512 * 1024,
  /** flow collections ([ … ] and { … }) open inside each other */
  flowDepth: 64,
  /** the indentation of a line, counting each leading "- " as two columns */
  indent: 256,
  /** alias expansions while the document is turned into data (the yaml package's maxAliasCount) */
  aliases: 100,
} as const;

export type YamlProblem =
  | { kind: 'too-complex'; message: string }
  | { kind: 'syntax'; message: string; line?: number; column?: number };

/** the first way the text exceeds YAML_LIMITS, by a single pass over it; undefined when within them */
export function yamlShapeProblem(text: string): string | undefined {
  if (text.length > YAML_LIMITS.chars)
    return `is ${text.length} characters long; at most ${YAML_LIMITS.chars} are accepted`;
  let depth = 0;
  let quote = '';
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      atLineStart = !quote; // a quoted scalar may span lines; its continuation is not indentation
      indent = 0;
      continue;
    }
    if (atLineStart) {
      if (c === ' ') indent++;
      else if (c === '-' && text[i + 1] === ' ')
        indent += 1; // and the space after it counts as the second
      else atLineStart = false;
      if (indent > YAML_LIMITS.indent)
        return `is indented more than ${YAML_LIMITS.indent} columns deep at line ${lineOf(text, i)}`;
      if (atLineStart) continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && (i === 0 || opensScalar.test(text[i - 1]!))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > YAML_LIMITS.flowDepth)
        return `nests [ ] or { } more than ${YAML_LIMITS.flowDepth} deep at line ${lineOf(text, i)}`;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

/** a quote after one of these starts a quoted scalar; elsewhere (O'Brien) it is part of a plain one */
const opensScalar = /[\s[{,:-]/;

const lineOf = (text: string, at: number) => {
  let n = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
};

/** Parses untrusted YAML within YAML_LIMITS: the data, or the reason it is refused. Never throws. */
export function parseYamlSafely(
  text: string,
  lineCounter?: LineCounter,
): { ok: true; doc: Document; data: unknown } | { ok: false; problem: YamlProblem } {
  const shape = yamlShapeProblem(text);
  if (shape) return { ok: false, problem: { kind: 'too-complex', message: shape } };
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    logLevel: 'error', // no process warnings (collection keys) on the server's or the CLI's stderr
    ...(lineCounter ? { lineCounter } : {}),
  });
  const e = doc.errors[0];
  if (e) {
    const pos = e.linePos?.[0];
    return {
      ok: false,
      problem: {
        kind: 'syntax',
        message: (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, ''),
        ...(pos ? { line: pos.line, column: pos.col } : {}),
      },
    };
  }
  try {
    return { ok: true, doc, data: doc.toJS({ maxAliasCount: YAML_LIMITS.aliases }) };
  } catch (e) {
    // the yaml package throws a ReferenceError when aliases expand beyond maxAliasCount, and another when an
    // alias names no anchor set before it
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(e instanceof Error ? e.message : '');
    if (unresolved)
      return {
        ok: false,
        problem: {
          kind: 'syntax',
          message: `the alias *${unresolved[1]} names no anchor (&${unresolved[1]}) set before it`,
        },
      };
    return {
      ok: false,
      problem: {
        kind: 'too-complex',
        message: `uses aliases (*name) that expand more than ${YAML_LIMITS.aliases} times, as a "billion laughs" document does`,
      },
    };
  }
}
