import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORDS, PINYIN_PASSWORD_WORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 128;
// zxcvbn's score 3 (10^8 guesses or more): "safely unguessable", moderate protection when a slow hash leaks.
const MIN_STRENGTH_SCORE = 3;

/** Who the password is for: their names are the first thing a guesser tries. */
export interface PasswordContext {
  username: string;
  displayName?: string | null;
  email?: string | null;
}

export type PasswordRefusalReason = 'too_short' | 'too_long' | 'contains_username' | 'common' | 'guessable';

export interface PasswordRefusal {
  reason: PasswordRefusalReason;
  /** English, for programs and logs; starts with "password ". */
  message: string;
  /** Chinese, for the person choosing the password: why, and what to do instead. */
  messageZh: string;
}

const REFUSALS: Record<PasswordRefusalReason, PasswordRefusal> = {
  too_short: {
    reason: 'too_short',
    message: `password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
    messageZh: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符。请加长密码，例如用几个互不相关的词组成一句短语。`,
  },
  too_long: {
    reason: 'too_long',
    message: `password must be at most ${MAX_PASSWORD_LENGTH} characters long`,
    messageZh: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符，请缩短后再试。`,
  },
  contains_username: {
    reason: 'contains_username',
    message: 'password must not contain the user name or the e-mail name',
    messageZh: '密码不能包含用户名或邮箱名，这是别人最先尝试的内容。请换一个与账号无关的密码。',
  },
  common: {
    reason: 'common',
    message: 'password is a common password, or a common word or place name with digits or symbols added',
    messageZh: '该密码过于常见：常用密码、地名拼音或姓名加上数字或符号都会被最先尝试。请换一个与个人信息和地名无关的密码。',
  },
  guessable: {
    reason: 'guessable',
    message: 'password is too easy to guess',
    messageZh: '密码太容易被猜到。请改用更长的密码短语，例如由四个以上互不相关的词组成，避免姓名、日期、地名和键盘上相邻的按键。',
  },
};

/**
 * The first rule the password breaks (length, user name, common passwords, then a strength
 * estimate), or undefined when it may be used. Lengths count Unicode code points.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext): PasswordRefusal | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return REFUSALS.too_short;
  if (length > MAX_PASSWORD_LENGTH) return REFUSALS.too_long;
  const lower = password.toLowerCase();
  if (accountNames(context).some((name) => lower.includes(name))) return REFUSALS.contains_username;
  if (isDecoratedCommonWord(lower)) return REFUSALS.common;
  if (strengthEstimator().check(password, userInputs(context)).score < MIN_STRENGTH_SCORE) return REFUSALS.guessable;
  return undefined;
}

/** The user name, and the e-mail's local part and the parts of both split on . _ - when 3+ characters long. */
function accountNames({ username, email }: PasswordContext): string[] {
  const name = username.toLowerCase();
  const local = emailLocalPart(email).toLowerCase();
  const longEnough = [local, ...name.split(/[._-]/), ...local.split(/[._-]/)].filter((word) => [...word].length >= 3);
  return name ? [name, ...longEnough] : longEnough;
}

function emailLocalPart(email: string | null | undefined): string {
  return email?.split('@')[0] ?? '';
}

function userInputs(context: PasswordContext): string[] {
  const domain = context.email?.split('@')[1];
  return [...accountNames(context), context.displayName, context.email, domain].filter((input): input is string => !!input);
}

const LISTED: ReadonlySet<string> = new Set([...COMMON_PASSWORDS, ...PINYIN_PASSWORD_WORDS]);
const LONGEST_LISTED = Math.max(...[...LISTED].map((word) => word.length));
const LETTER = /\p{L}/u;

/**
 * A listed password or word, as it is or with digits and symbols before and after it
 * (chuzhou123, Dingyuan2024!!, woaini1314520), allowing one letter at either end (a1234567890b).
 */
function isDecoratedCommonWord(lower: string): boolean {
  const characters = [...lower];
  const first = LETTER.test(characters[0]) ? [0, 1] : [0];
  const last = LETTER.test(characters[characters.length - 1]) ? [characters.length, characters.length - 1] : [characters.length];
  return first.some((start) => last.some((end) => hasListedCore(characters.slice(start, end))));
}

/** Whether a listed word covers every letter, with only digits and symbols left around it. */
function hasListedCore(characters: string[]): boolean {
  const firstLetter = characters.findIndex((c) => LETTER.test(c));
  const lastLetter = characters.findLastIndex((c) => LETTER.test(c));
  const latestStart = firstLetter === -1 ? characters.length - 1 : firstLetter;
  for (let start = 0; start <= latestStart; start++) {
    const latestEnd = Math.min(characters.length, start + LONGEST_LISTED);
    for (let end = Math.max(start + 1, lastLetter + 1); end <= latestEnd; end++) {
      if (LISTED.has(characters.slice(start, end).join(''))) return true;
    }
  }
  return false;
}

let estimator: ZxcvbnFactory | undefined;

// Built on first use: ranking ~57,000 dictionary words takes tens of milliseconds.
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: {
      ...dictionary,
      'passwords-chinese': [...COMMON_PASSWORDS],
      'pinyin-chinese': [...PINYIN_PASSWORD_WORDS],
    },
    graphs: adjacencyGraphs,
  });
  return estimator;
}
