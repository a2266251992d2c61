import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.ts';
import { checkPassword, hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password rules', () => {
  it.each([
    ['short', 'Abc-12345!x', undefined, 'PASSWORD_TOO_SHORT'],
    ['one character', 'aaaaaaaaaaaaaaaa', undefined, 'PASSWORD_ONE_CHARACTER'],
    ['the e-mail', 'Owner@Example.com', 'owner@example.com', 'PASSWORD_IS_EMAIL'],
    ['too long', 'ab'.repeat(513), undefined, 'PASSWORD_TOO_LONG'],
    ['acceptable', 'correct horse battery', 'owner@example.com', undefined],
    // characters, not UTF-16 units: twelve Chinese characters are enough, eleven are not
    ['12 CJK characters', '山下小桥边有一棵老柿子树', undefined, undefined],
    ['11 CJK characters', '山下小桥边有一棵老柿子', undefined, 'PASSWORD_TOO_SHORT'],
    // long enough, but a strength estimator with common-password lists guesses them at once
    ['a common password with digits', 'password1234', undefined, 'PASSWORD_WEAK'],
    ['a run of digits', '123456789012', undefined, 'PASSWORD_WEAK'],
    ['a pattern repeated', 'abababababab', undefined, 'PASSWORD_WEAK'],
    ['a keyboard row', 'qwertyuiop12', undefined, 'PASSWORD_WEAK'],
    ['two characters repeated', '长城长城长城长城长城长城', undefined, 'PASSWORD_WEAK'],
    ['the e-mail with a year', 'zhang.wei2024', 'zhang.wei@example.com', 'PASSWORD_WEAK'],
    ['a common word, a year, symbols', 'Summer2026!!!', undefined, 'PASSWORD_WEAK'],
    ['unrelated words', 'violet harbour 7 cactus', undefined, undefined],
  ])('%s', (_name, password, email, code) => {
    expect(passwordProblem(password, email)).toBe(code);
  });

  it('throws a bilingual AuthError', () => {
    try {
      checkPassword('short');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AuthError);
      expect((e as AuthError).code).toBe('PASSWORD_TOO_SHORT');
      expect((e as AuthError).zh).toMatch(/12/);
      expect((e as AuthError).en).toMatch(/12 characters/);
    }
  });

  it('explains a weak password in Chinese and English', () => {
    try {
      checkPassword('password1234');
      expect.unreachable();
    } catch (e) {
      expect((e as AuthError).code).toBe('PASSWORD_WEAK');
      expect((e as AuthError).zh).toMatch(/常见密码/);
      expect((e as AuthError).en).toMatch(/common passwords/);
    }
  });
});

describe('argon2id', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(undefined, 'correct horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
