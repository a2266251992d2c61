/**
 * A fast path for the input of obligations(): a register of a hundred thousand licences and their records is
 * checked field by field here, in a fraction of the time the zod schema takes. It accepts only what the schema
 * accepts and gives the schema's output (defaults filled, unknown keys refused); anything it does not accept —
 * invalid or just unusual — goes to the schema, which then gives the result or the error. The field lists
 * below are held against the schemas' keys and compared with them on generated input
 * (obligations-input.test.ts).
 */
import { companyEventKind } from '@icpdesk/kb';
import {
  DEFAULT_DUE_SOON_DAYS,
  DEFAULT_OPEN_AHEAD_DAYS,
  obligationFilingSchema,
  obligationLicenceSchema,
  obligationsInputSchema,
  realDay,
} from './schemas/obligations.ts';

type Input = ReturnType<typeof obligationsInputSchema.parse>;

/** what a field takes: `?` optional (absent or undefined), `??` nullish (also null) */
type Field =
  | 'ref'
  | 'ref?'
  | 'text?'
  | 'day'
  | 'day??'
  | 'bool??'
  | 'int'
  | { oneOf: ReadonlySet<string>; default?: string };

type Fields = Readonly<Record<string, Field>>;

const isRef = (v: unknown) => typeof v === 'string' && v.length > 0;
const isDay = (v: unknown) =>
  typeof v === 'string' &&
  v.length === 10 &&
  v.charCodeAt(4) === 45 &&
  v.charCodeAt(7) === 45 &&
  digits(v, 0, 4) &&
  digits(v, 5, 7) &&
  digits(v, 8, 10) &&
  realDay(v);

function digits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** the test of one kind of field, made once per field */
function testOf(f: Field): (v: unknown) => boolean {
  switch (f) {
    case 'ref':
      return isRef;
    case 'ref?':
      return (v) => v === undefined || isRef(v);
    case 'text?':
      return (v) => v === undefined || typeof v === 'string';
    case 'day':
      return isDay;
    case 'day??':
      return (v) => v === undefined || v === null || isDay(v);
    case 'bool??':
      return (v) => v === undefined || v === null || typeof v === 'boolean';
    case 'int':
      return Number.isSafeInteger;
    default:
      return (v) => (v === undefined ? f.default !== undefined : typeof v === 'string' && f.oneOf.has(v));
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** a record's check, made once per list: its keys, their tests and the defaults to fill */
function checkerOf(fields: Fields) {
  const keys = Object.keys(fields);
  const tests = keys.map((k) => testOf(fields[k]!));
  const defaults: [string, string][] = [];
  for (const k of keys) {
    const f = fields[k]!;
    if (typeof f === 'object' && f.default !== undefined) defaults.push([k, f.default]);
  }
  /** the record with defaults filled (a copy only when one is missing), or undefined when not plainly valid */
  return (v: unknown): Record<string, unknown> | undefined => {
    if (!isRecord(v)) return undefined;
    for (const k in v) if (!Object.hasOwn(fields, k)) return undefined;
    for (let i = 0; i < keys.length; i++) if (!tests[i]!(v[keys[i]!])) return undefined;
    let out = v;
    for (const [k, d] of defaults)
      if (v[k] === undefined) {
        if (out === v) out = Object.assign({}, v);
        out[k] = d;
      }
    return out;
  };
}

function list(fields: Fields, v: unknown, extra?: (r: Record<string, unknown>) => boolean) {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const check = checkerOf(fields);
  const out = new Array<Record<string, unknown>>(v.length);
  for (let i = 0; i < v.length; i++) {
    const r = check(v[i]);
    if (!r || (extra && !extra(r))) return undefined;
    out[i] = r;
  }
  return out;
}

const enumOf = (values: readonly string[], fallback?: string) => ({
  oneOf: new Set(values),
  ...(fallback === undefined ? {} : { default: fallback }),
});

export const inputFields = {
  licence: {
    id: 'ref',
    company: 'ref?',
    number: 'text?',
    issuedOn: 'day',
    expiresOn: 'day',
    status: enumOf(obligationLicenceSchema.shape.status.unwrap().options, 'active'),
    endedOn: 'day??',
    renewalAppliedOn: 'day??',
  },
  filing: {
    id: 'ref',
    company: 'ref?',
    kind: enumOf(obligationFilingSchema.shape.kind.options),
    number: 'text?',
    subject: 'text?',
    site: 'ref?',
    licence: 'ref?',
    filedOn: 'day??',
    onlineOn: 'day??',
    closedOn: 'day??',
    cancelledOn: 'day??',
    displaysNumber: 'bool??',
  },
  number: {
    id: 'ref',
    company: 'ref?',
    number: 'ref',
    kind: 'ref',
    allocatedOn: 'day',
    enabledOn: 'day??',
    returnedOn: 'day??',
  },
  event: {
    id: 'ref?',
    company: 'ref?',
    kind: enumOf(companyEventKind.options),
    on: 'day',
    effectiveOn: 'day??',
    subject: 'ref?',
  },
  annualReport: { licence: 'ref?', number: 'ref?', year: 'int', submittedOn: 'day' },
  completion: { obligation: 'ref', on: 'day' },
  waiver: { obligation: 'ref', reason: 'text?' },
} as const satisfies Record<string, Fields>;

const isDayCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const top = new Set(Object.keys(obligationsInputSchema.shape));
const oneSubject = (r: Record<string, unknown>) => !r.licence !== !r.number;

/** the input as the schema would give it, or undefined: then the schema decides */
export function fastInput(input: unknown): Input | undefined {
  if (!isRecord(input)) return undefined;
  for (const k in input) if (!top.has(k)) return undefined;
  const dueSoon = input.dueSoonDays === undefined ? DEFAULT_DUE_SOON_DAYS : input.dueSoonDays;
  const openAhead = input.openAheadDays === undefined ? DEFAULT_OPEN_AHEAD_DAYS : input.openAheadDays;
  if (!isDay(input.asOf) || !isDayCount(dueSoon) || !isDayCount(openAhead)) return undefined;
  const licences = list(inputFields.licence, input.licences);
  const filings = licences && list(inputFields.filing, input.filings);
  const numbers = filings && list(inputFields.number, input.numbers);
  const events = numbers && list(inputFields.event, input.events);
  const annualReports = events && list(inputFields.annualReport, input.annualReports, oneSubject);
  const completions = annualReports && list(inputFields.completion, input.completions);
  const waivers = completions && list(inputFields.waiver, input.waivers);
  if (!waivers) return undefined;
  return {
    licences,
    filings,
    numbers,
    events,
    annualReports,
    completions,
    waivers,
    asOf: input.asOf,
    dueSoonDays: dueSoon,
    openAheadDays: openAhead,
  } as Input;
}

/** the input checked: the fast path when it can, else the schema (which throws on invalid input) */
export function parseObligationsInput(input: unknown): Input {
  return fastInput(input) ?? obligationsInputSchema.parse(input);
}
