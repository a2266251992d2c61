/**
 * Compile-time checks that the schemas describe exactly the types they cannot be the source of: the kb's
 * CitedSource (defined by the kb's loader). A difference either way is a type error here.
 */
import type { CitedSource } from '@icpdesk/kb';
import type { CitedSourceOut } from './common.ts';

/** exact equality, optional keys included */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const ok = <T extends true>(): T | undefined => undefined;

export const citedSourceMatchesKb = ok<Same<CitedSource, CitedSourceOut>>();
