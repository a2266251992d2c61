/**
 * Passwords: argon2id (@node-rs/argon2, prebuilt binaries; OWASP parameters: 19 MiB, 2 passes, 1 lane) and
 * the rules a new password must meet. A password is never logged, stored or echoed; only its hash is kept.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
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
  return undefined;
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
