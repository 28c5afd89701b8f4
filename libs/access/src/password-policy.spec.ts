import { checkPasswordPolicy, type PasswordContext, type PasswordRefusalReason } from './password-policy.js';

const zhangWei: PasswordContext = { username: 'zhang.wei', displayName: '张伟', email: 'zhang.wei@chuzhou.gov.cn' };
const manager: PasswordContext = { username: 'manager', displayName: '项目负责人' };

describe('checkPasswordPolicy', () => {
  it.each([
    ['a random-looking 16-character string', 'Xk9#mP2vL8qR4wTz', zhangWei],
    ['a passphrase of four unrelated words', 'river lantern copper maple', zhangWei],
    ['a passphrase of Chinese characters, counted by code point', '铜灯河畔枫叶落在旧铁桥上', zhangWei],
    ['a long passphrase that mentions a county among other words', 'dingyuan goats eat violet umbrellas', manager],
    ['exactly 128 characters', 'Xk9#mP2vL8qR4wTz'.repeat(8), zhangWei],
  ])('accepts %s', (_, password, context) => {
    expect(checkPasswordPolicy(password, context)).toBeUndefined();
  });

  it.each<[string, PasswordRefusalReason, PasswordContext]>([
    ['chuzhou123', 'too_short', manager],
    ['1234567890', 'too_short', manager],
    ['Qq123456789', 'too_short', manager],
    ['😀'.repeat(11), 'too_short', manager],
    ['a'.repeat(129), 'too_long', manager],
    ['zhang.wei-2026-abc', 'contains_username', zhangWei],
    ['River-ZHANG-lantern-copper', 'contains_username', zhangWei],
    ['copper.manager.lantern', 'contains_username', manager],
    ['kite-zwei88-copper-maple', 'contains_username', { username: 'lw', email: 'zwei88@example.com' }],
    ['chuzhou123456', 'common', manager],
    ['Chuzhou2024!', 'common', manager],
    ['Dingyuan2024!!', 'common', manager],
    ['dingyuan123456', 'common', manager],
    ['#anhui@2025!!', 'common', manager],
    ['2026@Fengyang!', 'common', manager],
    ['woaini1314520', 'common', manager],
    ['Qq1234567890', 'common', manager],
    ['a1234567890b', 'common', manager],
    ['Password12345', 'common', manager],
    ['zhangwei19900101', 'common', manager],
    ['aaaaaaaaaaaaaaaa', 'guessable', manager],
    ['qwertyuiopasdf', 'guessable', manager],
    ['chuzhoudingyuan', 'guessable', manager],
  ])('refuses %j as %s', (password, reason, context) => {
    const refusal = checkPasswordPolicy(password, context);
    expect(refusal?.reason).toBe(reason);
    expect(refusal?.message).toMatch(/^password /);
    expect(refusal?.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('passes the names in the context to the strength estimate', () => {
    const password = 'qiaomuhuadong2019';
    expect(checkPasswordPolicy(password, { username: 'reviewer' })).toBeUndefined();
    expect(checkPasswordPolicy(password, { username: 'reviewer', displayName: 'qiaomuhuadong' })?.reason).toBe('guessable');
  });
});
