import { validateEnvironment } from './environment.js';

const REQUIRED = { DATABASE_URL: 'postgres://localhost/taizhang', REDIS_URL: 'redis://localhost:6379' };
const DATA_KEY = Buffer.alloc(32, 7).toString('base64');

describe('sign-in settings', () => {
  it('production needs a token secret of at least 32 characters and a data key of 32 bytes', () => {
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_DATA_KEY: DATA_KEY })).toThrow(/AUTH_TOKEN_SECRET: .*required in production/);
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_DATA_KEY: DATA_KEY, AUTH_TOKEN_SECRET: 'too-short' })).toThrow(/at least 32 characters/);
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(32) })).toThrow(/AUTH_DATA_KEY: .*required in production/);
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(32), AUTH_DATA_KEY: 'c2hvcnQ=' })).toThrow(/AUTH_DATA_KEY/);
    const settings = validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(32), AUTH_DATA_KEY: DATA_KEY });
    expect(settings).toMatchObject({ AUTH_TOKEN_SECRET: 'x'.repeat(32), AUTH_DATA_KEY: DATA_KEY });
  });

  it('development and tests may go without either', () => {
    expect(validateEnvironment({ ...REQUIRED, NODE_ENV: 'development' })).toMatchObject({ AUTH_TOKEN_SECRET: undefined, AUTH_DATA_KEY: undefined });
  });

  it('the bootstrap accounts are user:password with a password of at least 12 characters', () => {
    for (const variable of ['AUTH_BOOTSTRAP_ADMIN', 'AUTH_BOOTSTRAP_SECURITY_ADMIN', 'AUTH_BOOTSTRAP_AUDITOR']) {
      expect(() => validateEnvironment({ ...REQUIRED, [variable]: 'chief:elevenchars' })).toThrow(new RegExp(variable));
      expect(validateEnvironment({ ...REQUIRED, [variable]: 'chief:twelve-chars' })).toMatchObject({ [variable]: 'chief:twelve-chars' });
    }
  });

  it('sessions last at most 8 hours, and the idle timeout is 30 minutes unless set', () => {
    expect(() => validateEnvironment({ ...REQUIRED, AUTH_TOKEN_TTL_MINUTES: '481' })).toThrow(/AUTH_TOKEN_TTL_MINUTES/);
    expect(validateEnvironment(REQUIRED)).toMatchObject({ AUTH_TOKEN_TTL_MINUTES: 480, AUTH_IDLE_MINUTES: 30 });
  });

  it('the second factor is required of the three administrator roles unless set otherwise, and only real roles may be named', () => {
    expect(validateEnvironment(REQUIRED).AUTH_TOTP_REQUIRED_ROLES).toBe('admin,security_admin,auditor');
    expect(() => validateEnvironment({ ...REQUIRED, AUTH_TOTP_REQUIRED_ROLES: 'admin,root' })).toThrow(/AUTH_TOTP_REQUIRED_ROLES/);
    expect(validateEnvironment({ ...REQUIRED, AUTH_TOTP_REQUIRED_ROLES: 'none' }).AUTH_TOTP_REQUIRED_ROLES).toBe('none');
  });

  it('TRUST_PROXY takes true, false or proxy addresses, nothing else', () => {
    expect(validateEnvironment({ ...REQUIRED, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => validateEnvironment({ ...REQUIRED, TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });
});
