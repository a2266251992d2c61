/**
 * Error catalogue of accounts and sign-in: stable codes with a message in Chinese and in English. The HTTP
 * layer maps them to problem+json; the CLI prints both messages and exits 2.
 */
export const authErrors = {
  EMAIL_INVALID: {
    zh: '邮箱地址格式不正确',
    en: 'The e-mail address is not valid',
  },
  EMAIL_TAKEN: {
    zh: '该邮箱已注册',
    en: 'A user with this e-mail address already exists',
  },
  ORGANISATION_NAME_INVALID: {
    zh: '组织名称不能为空，且不超过 200 个字符',
    en: 'The organisation name must be 1 to 200 characters',
  },
  PASSWORD_TOO_SHORT: {
    zh: '密码至少需要 12 个字符',
    en: 'The password must have at least 12 characters',
  },
  PASSWORD_TOO_LONG: {
    zh: '密码不能超过 1024 个字符',
    en: 'The password must have at most 1024 characters',
  },
  PASSWORD_ONE_CHARACTER: {
    zh: '密码不能由同一个字符重复组成',
    en: 'The password must not be one character repeated',
  },
  PASSWORD_IS_EMAIL: {
    zh: '密码不能与邮箱地址相同',
    en: 'The password must not be the e-mail address',
  },
  PASSWORD_WEAK: {
    zh: '密码太容易被猜到：请勿使用常见密码、键盘顺序、重复或有规律的字符、日期或邮箱的一部分；几个不相关的词连在一起就是好记又安全的密码',
    en: 'The password is too easy to guess: avoid common passwords, keyboard runs, repeated or patterned characters, dates and parts of the e-mail address; several unrelated words make a strong password that is easy to remember',
  },
} as const;
export type AuthErrorCode = keyof typeof authErrors;

export class AuthError extends Error {
  constructor(readonly code: AuthErrorCode) {
    super(`${code}: ${authErrors[code].en}`);
    this.name = 'AuthError';
  }
  get zh(): string {
    return authErrors[this.code].zh;
  }
  get en(): string {
    return authErrors[this.code].en;
  }
}
