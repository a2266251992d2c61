/**
 * Compile-time checks that the schemas describe exactly the types they cannot be the source of: the kb's
 * source reference and its cited form (defined by the kb). A difference either way is a type error here.
 */
import type { CitedSource, SourceRef } from '@icpdesk/kb';
import type { SourceCitation, SourceInfo } from './common.ts';

/** exact equality, optional keys included */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Flat<T> = { [K in keyof T]: T[K] };
const ok = <T extends true>(): T | undefined => undefined;

export const citationMatchesKb = ok<Same<SourceRef, SourceCitation>>();
export const citedSourceMatchesKb = ok<Same<CitedSource, Flat<SourceCitation & SourceInfo>>>();
