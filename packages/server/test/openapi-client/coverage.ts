/**
 * Every operation of the document must have had a success response in the route tests: each recorded file
 * (responses/*.ts) adds the operations it saw to `Seen` by declaration merging, and this constant does not
 * compile while one is missing (the error names it).
 */
import type { operations } from './api.d.ts';

// biome-ignore lint/suspicious/noEmptyInterface: filled by the recorded responses (declaration merging)
export interface Seen {}

type Missing = Exclude<keyof operations, keyof Seen>;

export const everyOperationSeen: [Missing] extends [never] ? true : { missing: Missing } = true;
