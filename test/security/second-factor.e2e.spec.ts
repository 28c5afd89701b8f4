import { findUser, newTotpSecret, totpCode } from '#libs/access';
import { http, startApi, TEST_PASSWORD, type ApiUnderTest } from '../support/api-under-test.js';
import { auditRows } from './security-support.js';

/** A clock the test moves between TOTP time steps (30 s), the ledger's day unchanged. */
let now = Date.now();
const authClock = { now: () => new Date(now) };
const nextStep = () => {
  now += 30_000;
};

type SignedIn = { status: string; token: string; scope: string; challenge?: string; recoveryCodes?: string[] };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** 身份鉴别 (a second factor): TOTP with enrolment, single-use codes, recovery codes, rate-limited, required of the administrator roles. */
describe('second factor (TOTP, RFC 6238)', () => {
  let api: ApiUnderTest;
  const login = (username: string, password = TEST_PASSWORD) => http<SignedIn>('POST', `${api.baseUrl}/auth/login`, { username, password }, { authorization: '' });
  const answer = (challenge: string, body: Record<string, string>) => http<SignedIn>('POST', `${api.baseUrl}/auth/login/totp`, { challenge, ...body }, { authorization: '' });

  beforeAll(async () => {
    api = await startApi({ authClock, environment: { AUTH_TOTP_REQUIRED_ROLES: 'admin,security_admin,auditor', LOGIN_ATTEMPTS_PER_WINDOW: '100' } });
  });
  afterAll(() => api.close());

  it('an administrator without one is signed in only to enrol: everything else answers 403 TOTP_ENROLMENT_REQUIRED', async () => {
    await api.seedUser({ username: 'new-auditor', role: 'auditor' });
    const first = await login('new-auditor');
    expect(first.body).toMatchObject({ status: 'signed-in', scope: 'totp-enrolment' });
    const restricted = bearer(first.body.token);
    expect((await http('GET', `${api.baseUrl}/audit`, undefined, restricted)).body).toMatchObject({ code: 'TOTP_ENROLMENT_REQUIRED' });
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, restricted)).body).toMatchObject({ totpRequired: true, totpEnabled: false, scope: 'totp-enrolment' });

    const enrolment = await http<{ secret: string; otpauthUrl: string; qrCodeSvg: string }>('POST', `${api.baseUrl}/auth/totp/enrolment`, undefined, restricted);
    expect(enrolment.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(enrolment.body.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(enrolment.body.qrCodeSvg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // drawn here, nothing fetched from a QR service
    expect((await http('POST', `${api.baseUrl}/auth/totp/enrolment/confirm`, { code: '000000' }, restricted)).body).toMatchObject({ code: 'INVALID_SECOND_FACTOR', field: 'code' });
    expect((await findUser(api.db.pool, 'new-auditor'))!.totpSecret).toBeNull();

    const confirmed = await http<SignedIn>('POST', `${api.baseUrl}/auth/totp/enrolment/confirm`, { code: await totpCode(enrolment.body.secret, authClock.now()) }, restricted);
    expect(confirmed.body).toMatchObject({ status: 'signed-in', scope: 'full' });
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await http('GET', `${api.baseUrl}/audit`, undefined, bearer(confirmed.body.token))).status).toBe(200);
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, restricted)).status).toBe(401); // the enrolment session ended with it

    const stored = await findUser(api.db.pool, 'new-auditor');
    expect(stored!.totpSecret).not.toContain(enrolment.body.secret); // encrypted at rest
    const codes = (await api.db.pool.query('SELECT code_hash FROM user_recovery_codes WHERE username = $1', ['new-auditor'])).rows.map((row) => row.code_hash as string);
    expect(codes).toHaveLength(10);
    for (const code of confirmed.body.recoveryCodes!) expect(codes).not.toContain(code);
    expect(await auditRows(api.db, 'auth.totp-enrolled')).toEqual([
      expect.objectContaining({ actor: 'new-auditor', result: 'failure' }),
      expect.objectContaining({ actor: 'new-auditor', result: 'success' }),
    ]);
  });

  it('signs in with password then code; the same code is refused the second time, the next one works', async () => {
    const secret = newTotpSecret();
    await api.seedUser({ username: 'sec-one', role: 'security_admin', totpSecret: secret });
    nextStep();
    const challenged = await login('sec-one');
    expect(challenged.body).toMatchObject({ status: 'totp-required', challenge: expect.any(String) });
    expect(challenged.body).not.toHaveProperty('token');
    expect(challenged.headers.get('set-cookie')).toBeNull();
    const code = await totpCode(secret, authClock.now());
    const signedIn = await answer(challenged.body.challenge!, { code });
    expect(signedIn.body).toMatchObject({ status: 'signed-in', scope: 'full' });

    const replay = await answer((await login('sec-one')).body.challenge!, { code });
    expect(replay).toMatchObject({ status: 401, body: { code: 'INVALID_SECOND_FACTOR', field: 'code' } });
    nextStep();
    const next = await answer((await login('sec-one')).body.challenge!, { code: await totpCode(secret, authClock.now()) });
    expect(next.status).toBe(200);
    expect(await auditRows(api.db, 'auth.totp-failed')).toEqual(expect.arrayContaining([expect.objectContaining({ object: 'user:sec-one', result: 'failure' })]));
  });

  it('a challenge is not a session, and expires', async () => {
    const secret = newTotpSecret();
    await api.seedUser({ username: 'sec-two', role: 'security_admin', totpSecret: secret });
    const { challenge } = (await login('sec-two')).body;
    expect((await http('GET', `${api.baseUrl}/auth/me`, undefined, bearer(challenge!))).status).toBe(401);
    now += 6 * 60_000;
    expect((await answer(challenge!, { code: await totpCode(secret, authClock.now()) })).body).toMatchObject({ code: 'INVALID_CHALLENGE' });
  });

  it('a recovery code signs in once', async () => {
    const enrolled = await enrol('rescued', 'auditor');
    nextStep();
    const code = enrolled.recoveryCodes[3];
    expect((await answer((await login('rescued')).body.challenge!, { recoveryCode: code })).status).toBe(200);
    expect((await answer((await login('rescued')).body.challenge!, { recoveryCode: code })).body).toMatchObject({ code: 'INVALID_SECOND_FACTOR', field: 'recoveryCode' });
    expect(await auditRows(api.db, 'auth.recovery-code-used')).toEqual([expect.objectContaining({ object: 'user:rescued' })]);
  });

  it('wrong codes count towards the lockout: the sixth try, even with the right code, is refused', async () => {
    const secret = newTotpSecret();
    await api.seedUser({ username: 'guessed', role: 'auditor', totpSecret: secret });
    const { challenge } = (await login('guessed')).body;
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await answer(challenge!, { code: String(100000 + attempt) })).status).toBe(401);
    nextStep();
    expect((await answer(challenge!, { code: await totpCode(secret, authClock.now()) })).status).toBe(401);
    expect((await login('guessed')).status).toBe(401); // locked: the password step refuses too
    expect((await auditRows(api.db, 'auth.account-locked')).map((row) => row.object)).toContain('user:guessed');
  });

  it('is optional for the other roles: a viewer may enrol, and is then asked for a code', async () => {
    await api.seedUser({ username: 'careful-viewer', role: 'viewer' });
    expect((await login('careful-viewer')).body).toMatchObject({ status: 'signed-in', scope: 'full' });
    await enrol('careful-viewer', 'viewer', false);
    nextStep();
    expect((await login('careful-viewer')).body).toMatchObject({ status: 'totp-required' });
  });

  it('the security administrator resets a lost second factor: the user enrols again, their sessions end', async () => {
    const enrolled = await enrol('lost-phone', 'auditor');
    const security = await api.signIn('security_admin');
    expect((await http('DELETE', `${api.baseUrl}/security/users/lost-phone/totp`, undefined, security)).status).toBe(204);
    expect((await http('GET', `${api.baseUrl}/audit`, undefined, bearer(enrolled.token))).status).toBe(401);
    expect((await login('lost-phone')).body).toMatchObject({ status: 'signed-in', scope: 'totp-enrolment' });
    expect(await auditRows(api.db, 'user.totp-reset')).toEqual([expect.objectContaining({ actor: 'security_admin', object: 'user:lost-phone' })]);
    expect((await http('DELETE', `${api.baseUrl}/security/users/lost-phone/totp`, undefined, security)).status).toBe(404);
  });

  /** Seeds a user without a second factor and enrols one through the API (as they would). */
  async function enrol(username: string, role: 'auditor' | 'viewer', required = true): Promise<{ token: string; recoveryCodes: string[]; secret: string }> {
    await api.seedUser({ username, role });
    const first = await login(username);
    expect(first.body.scope).toBe(required ? 'totp-enrolment' : 'full');
    const enrolment = await http<{ secret: string }>('POST', `${api.baseUrl}/auth/totp/enrolment`, undefined, bearer(first.body.token));
    const confirmed = await http<SignedIn>('POST', `${api.baseUrl}/auth/totp/enrolment/confirm`, { code: await totpCode(enrolment.body.secret, authClock.now()) }, bearer(first.body.token));
    expect(confirmed.status).toBe(200);
    return { token: confirmed.body.token, recoveryCodes: confirmed.body.recoveryCodes!, secret: enrolment.body.secret };
  }
});
