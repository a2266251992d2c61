/**
 * Passwords: argon2id (@node-rs/argon2, prebuilt binaries; OWASP parameters: 19 MiB, 2 passes, 1 lane) and
 * the rules a new password must meet. A password is never logged, stored or echoed; only its hash is kept.
 */
import { createRequire } from 'node:module';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AuthError, type AuthErrorCode } from './errors.ts';

export const PASSWORD_MIN_CHARS = 12;
/** an upper bound, so that hashing a huge body cannot be used to tie up the server */
export const PASSWORD_MAX_CHARS = 1024;

const ARGON2ID = 2 as Algorithm;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** the first rule the password breaks, or undefined when it is acceptable */
export function passwordProblem(password: string, email?: string): AuthErrorCode | undefined {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_CHARS) return 'PASSWORD_TOO_SHORT';
  if (chars.length > PASSWORD_MAX_CHARS) return 'PASSWORD_TOO_LONG';
  if (chars.every((c) => c === chars[0])) return 'PASSWORD_ONE_CHARACTER';
  if (email !== undefined && password.trim().toLowerCase() === email.trim().toLowerCase())
    return 'PASSWORD_IS_EMAIL';
  if (guessable(password, email)) return 'PASSWORD_WEAK';
  return undefined;
}

/**
 * zxcvbn's top score, 4: an estimated 10^10 guesses or more, out of reach online and costly offline against
 * argon2id. Below it are common passwords and their variants (Summer2026!!!, P@ssw0rd2026!), keyboard runs,
 * repeats, sequences, dates and words of the e-mail address (zhang.wei2024 for zhang.wei@…).
 */
const MIN_SCORE = 4;
let estimator: ZxcvbnFactory | undefined;

/**
 * Whether a strength estimator with common-password lists (zxcvbn-ts) would guess the password soon. Its
 * dictionaries are loaded at the first check, so that what never sets a password never loads them.
 */
function guessable(password: string, email?: string): boolean {
  if (!estimator) {
    const load = createRequire(import.meta.url);
    const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    estimator = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  }
  const inputs = email ? [email, ...email.split(/[@.+_-]/).filter((w) => w.length > 2)] : [];
  return estimator.check(password, inputs).score < MIN_SCORE;
}

/** throws AuthError when the password breaks a rule */
export function checkPassword(password: string, email?: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new AuthError(problem);
}

/** the argon2id encoded hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash) */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Whether the password matches the hash. Without a hash (no such user) a hash of a fixed string is checked
 * instead, so that an unknown e-mail takes as long as a wrong password.
 */
export async function verifyPassword(encoded: string | undefined, password: string): Promise<boolean> {
  if (encoded === undefined) {
    dummy ??= hashPassword('icpdesk: no such user, constant work');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(encoded, password);
  } catch {
    return false; // not an argon2 hash: never a match
  }
}
