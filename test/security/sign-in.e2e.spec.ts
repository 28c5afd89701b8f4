import { findUser } from '#libs/access';
import { http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { auditRows } from './security-support.js';

const login = (api: ApiUnderTest, username: string, password: string, from?: string) =>
  http<{ token?: string; code?: string }>('POST', `${api.baseUrl}/auth/login`, { username, password }, { authorization: '', ...(from ? { 'x-forwarded-for': from } : {}) });

/** 身份鉴别 and 入侵防范 (signing in): lockout per account, throttling per address, the same answer and time for everyone, a password policy. */
describe('signing in', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi({ environment: { TRUST_PROXY: 'true', LOGIN_ATTEMPTS_PER_WINDOW: '50', LOGIN_ATTEMPTS_PER_ADDRESS: '20' } });
    for (const username of ['locked-out', 'sprayed-1', 'sprayed-2', 'changer']) await api.seedUser({ username, role: 'viewer' });
    await api.signIn('security_admin');
  });
  afterAll(() => api.close());

  it('locks an account after 5 failures in 15 minutes, counted across addresses; a locked account answers like any failure', async () => {
    const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'];
    for (const from of addresses) expect((await login(api, 'locked-out', 'wrong-password', from)).status).toBe(401);
    const right = await login(api, 'locked-out', TEST_PASSWORD, '10.0.0.6');
    const wrong = await login(api, 'locked-out', 'wrong-password', '10.0.0.7');
    const unknown = await login(api, 'nobody-at-all', 'wrong-password', '10.0.0.8');
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    expect(right.body).toEqual(unknown.body);
    expect(right.body).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await findUser(api.db.pool, 'locked-out'))!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    const [locked] = await auditRows(api.db, 'auth.account-locked');
    expect(locked).toMatchObject({ object: 'user:locked-out', sourceAddress: '10.0.0.5', result: 'success' });
    const failures = (await auditRows(api.db, 'auth.sign-in-failed')).filter((row) => row.object === 'user:locked-out');
    expect(failures.map((row) => row.sourceAddress)).toEqual([...addresses, '10.0.0.6', '10.0.0.7']);
    expect(failures.at(-2)).toMatchObject({ details: { reason: 'locked' } });
  });

  it('lets the security administrator see the lock and clear it, after which the password works', async () => {
    const security = await api.signIn('security_admin');
    const locks = await http<{ username: string; lockedUntil: string | null; failedSignIns: number }[]>('GET', `${api.baseUrl}/security/locks`, undefined, security);
    expect(locks.body).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'locked-out', lockedUntil: expect.any(String) })]));
    expect((await http('DELETE', `${api.baseUrl}/security/locks/locked-out`, undefined, security)).status).toBe(204);
    expect((await login(api, 'locked-out', TEST_PASSWORD, '10.0.0.9')).status).toBe(200);
    expect(await auditRows(api.db, 'user.lock-cleared')).toEqual([expect.objectContaining({ actor: 'security_admin', object: 'user:locked-out' })]);
    expect((await http('DELETE', `${api.baseUrl}/security/locks/locked-out`, undefined, security)).status).toBe(404);
  });

  it('throttles one address trying one password over many user names (429), while another address still signs in', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 22; n += 1) statuses.push((await login(api, `guess-${n}`, 'Spring2026!', '192.0.2.7')).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await login(api, 'sprayed-1', TEST_PASSWORD, '192.0.2.7')).status).toBe(429);
    expect((await login(api, 'sprayed-1', TEST_PASSWORD, '192.0.2.8')).status).toBe(200);
    const refused = (await auditRows(api.db, 'access.refused')).filter((row) => row.sourceAddress === '192.0.2.7');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused[0]).toMatchObject({ result: 'refused', details: { status: 429 } });
  });

  it('believes X-Forwarded-For only when told to (TRUST_PROXY): otherwise the address is the connection’s', async () => {
    // Said outright: settings of one app validated in this process are left in process.env for the next (@nestjs/config).
    const direct = await startApi({ environment: { TRUST_PROXY: 'false' } });
    try {
      await login(direct, 'nobody', 'wrong-password', '203.0.113.9');
      const [row] = await auditRows(direct.db, 'auth.sign-in-failed');
      expect(row.sourceAddress).toBe('127.0.0.1');
    } finally {
      await direct.close();
    }
  });

  it('stores new passwords with argon2id and moves an old bcrypt hash to argon2id at the next sign-in', async () => {
    const bcryptjs = (await import('bcryptjs')).default;
    await api.seedUser({ username: 'from-bcrypt', role: 'viewer' });
    await api.db.pool.query('UPDATE users SET password_hash = $2 WHERE username = $1', ['from-bcrypt', await bcryptjs.hash(TEST_PASSWORD, 4)]);
    expect((await login(api, 'from-bcrypt', TEST_PASSWORD, '10.1.0.1')).status).toBe(200);
    expect((await findUser(api.db.pool, 'from-bcrypt'))!.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await login(api, 'from-bcrypt', TEST_PASSWORD, '10.1.0.1')).status).toBe(200);
  });

  it.each([
    ['shorter than 12 characters', 'chuzhou123', 'too_short'],
    ['all digits', '1234567890', 'too_short'],
    ['a place name and digits', 'chuzhou123456', 'common'],
    ['a county in pinyin with a year', 'Dingyuan2024!!', 'common'],
    ['a Chinese classic', 'woaini1314520', 'common'],
    ['containing the user name', 'changer-is-my-name-2026', 'contains_username'],
    ['a common password made long', 'Password12345', 'common'],
  ])('refuses a new password %s with a 400 that says why in Chinese, and keeps the old one', async (_, newPassword, reason) => {
    const before = (await findUser(api.db.pool, 'changer'))!.passwordHash;
    const token = (await login(api, 'changer', TEST_PASSWORD, '10.2.0.1')).body.token!;
    const reply = await http<{ code: string; field: string; reason: string; messageZh: string }>('POST', `${api.baseUrl}/auth/password`, { currentPassword: TEST_PASSWORD, newPassword }, { authorization: `Bearer ${token}` });
    expect(reply).toMatchObject({ status: 400, body: { code: 'WEAK_PASSWORD', field: 'newPassword', reason } });
    expect(reply.body.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect((await findUser(api.db.pool, 'changer'))!.passwordHash).toBe(before);
  });

  it('lets every user change their own password (current one first), ending their other sessions and signing them in again', async () => {
    const old = (await login(api, 'changer', TEST_PASSWORD, '10.2.0.2')).body.token!;
    const wrong = await http('POST', `${api.baseUrl}/auth/password`, { currentPassword: 'not-it', newPassword: 'Copper-Lantern-River-42' }, { authorization: `Bearer ${old}` });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'WRONG_PASSWORD', field: 'currentPassword' } });
    const changed = await http<{ token: string; scope: string }>('POST', `${api.baseUrl}/auth/password`, { currentPassword: TEST_PASSWORD, newPassword: 'Copper-Lantern-River-42' }, { authorization: `Bearer ${old}` });
    expect(changed).toMatchObject({ status: 200, body: { status: 'signed-in', scope: 'full' } });
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, { authorization: `Bearer ${old}` })).status).toBe(401);
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, { authorization: `Bearer ${changed.body.token}` })).status).toBe(200);
    expect((await login(api, 'changer', 'Copper-Lantern-River-42', '10.2.0.3')).status).toBe(200);
    expect((await auditRows(api.db, 'auth.password-changed')).map((row) => row.result)).toEqual(['failure', 'success']);
  });

  it('makes a user an administrator created (or whose password an administrator set) change it before anything else', async () => {
    const admin = await api.signIn('admin');
    const created = await http('POST', `${api.baseUrl}/users`, { username: 'newcomer', displayName: '新同事', role: 'leader', password: 'Granite-Orchard-Falcon-7' }, admin);
    expect(created).toMatchObject({ status: 201, body: { mustChangePassword: true } });
    const first = await login(api, 'newcomer', 'Granite-Orchard-Falcon-7', '10.3.0.1');
    expect(first.body).toMatchObject({ scope: 'password-change' });
    const restricted = { authorization: `Bearer ${first.body.token}` };
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, restricted)).body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, restricted)).body).toMatchObject({ username: 'newcomer', mustChangePassword: true, scope: 'password-change' });
    const changed = await http<{ token: string }>('POST', `${api.baseUrl}/auth/password`, { currentPassword: 'Granite-Orchard-Falcon-7', newPassword: 'Velvet-Harbour-Compass-93' }, restricted);
    expect(changed.body).toMatchObject({ scope: 'full', user: { mustChangePassword: false } });
    expect((await http('GET', `${api.baseUrl}/portfolio`, undefined, { authorization: `Bearer ${changed.body.token}` })).status).toBe(200);
  });

  it('refuses a weak first password for a new user with the same 400, creating nobody', async () => {
    const admin = await api.signIn('admin');
    const reply = await http('POST', `${api.baseUrl}/users`, { username: 'weakling', displayName: '弱', role: 'viewer', password: 'weakling2024' }, admin);
    expect(reply).toMatchObject({ status: 400, body: { code: 'WEAK_PASSWORD', field: 'password' } });
    expect(await findUser(api.db.pool, 'weakling')).toBeUndefined();
  });

  it('shows every user their own details in full and lets them correct them', async () => {
    await api.seedUser({ username: 'self-service', role: 'manager', county: 'dingyuan', email: 'self.service@dingyuan.gov.cn' });
    const token = (await login(api, 'self-service', TEST_PASSWORD, '10.4.0.1')).body.token!;
    const headers = { authorization: `Bearer ${token}` };
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, headers)).body).toMatchObject({ username: 'self-service', email: 'self.service@dingyuan.gov.cn', role: 'manager', county: 'dingyuan' });
    const corrected = await http('PATCH', `${api.baseUrl}/auth/me`, { displayName: '王小明', email: 'Wang.XM@dingyuan.gov.cn' }, headers);
    expect(corrected.body).toMatchObject({ displayName: '王小明', email: 'wang.xm@dingyuan.gov.cn' });
    expect(await auditRows(api.db, 'auth.profile-changed')).toEqual([expect.objectContaining({ actor: 'self-service', details: { fields: ['displayName', 'email'] } })]);
    expect((await http('PATCH', `${api.baseUrl}/auth/me`, { email: 'not-an-address' }, headers))).toMatchObject({ status: 400 });
    expect((await http('PATCH', `${api.baseUrl}/auth/me`, { role: 'admin' }, headers))).toMatchObject({ status: 400 });
  });
});

describe('unknown and real users take the same time to refuse', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    // The API's own password settings (argon2id, 19 MiB, 2 passes), not the tests' cheap ones.
    api = await startApi({ environment: { AUTH_PASSWORD_MEMORY_KIB: '19456', AUTH_PASSWORD_TIME_COST: '2', LOGIN_ATTEMPTS_PER_WINDOW: '1000', LOGIN_ATTEMPTS_PER_ADDRESS: '1000', AUTH_LOCKOUT_ATTEMPTS: '100' } });
    const { hashPassword } = await import('#libs/access');
    await api.seedUser({ username: 'real-user', role: 'viewer' });
    await api.db.pool.query('UPDATE users SET password_hash = $2 WHERE username = $1', ['real-user', await hashPassword(TEST_PASSWORD, { memoryKib: 19_456, timeCost: 2 })]);
  });
  afterAll(() => api.close());

  it('medians within 1.5× of each other (measured, interleaved)', async () => {
    const timed = async (username: string) => {
      const started = process.hrtime.bigint();
      expect((await login(api, username, 'wrong-password')).status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const real: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 15; round += 1) {
      real.push(await timed('real-user'));
      unknown.push(await timed(`nobody-${round}`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(real) / median(unknown);
    process.stdout.write(`sign-in refusal medians: real ${median(real).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms, ratio ${ratio.toFixed(2)}\n`);
    expect(ratio).toBeGreaterThan(1 / 1.5);
    expect(ratio).toBeLessThan(1.5);
  });
});
