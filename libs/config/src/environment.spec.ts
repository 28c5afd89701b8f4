import { validateEnvironment } from './environment.js';

const REQUIRED = { DATABASE_URL: 'postgres://localhost/taizhang', REDIS_URL: 'redis://localhost:6379' };

describe('sign-in settings', () => {
  it('production needs a token secret of at least 32 characters', () => {
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production' })).toThrow(/AUTH_TOKEN_SECRET: .*required in production/);
    expect(() => validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'too-short' })).toThrow(/at least 32 characters/);
    expect(validateEnvironment({ ...REQUIRED, NODE_ENV: 'production', AUTH_TOKEN_SECRET: 'x'.repeat(32) }).AUTH_TOKEN_SECRET).toBe('x'.repeat(32));
  });

  it('development and tests may go without one', () => {
    expect(validateEnvironment({ ...REQUIRED, NODE_ENV: 'development' }).AUTH_TOKEN_SECRET).toBeUndefined();
  });

  it('the bootstrap administrator is user:password with a password of at least 10 characters', () => {
    expect(() => validateEnvironment({ ...REQUIRED, AUTH_BOOTSTRAP_ADMIN: 'chief:short' })).toThrow(/AUTH_BOOTSTRAP_ADMIN/);
    expect(validateEnvironment({ ...REQUIRED, AUTH_BOOTSTRAP_ADMIN: 'chief:long-enough-pw' }).AUTH_BOOTSTRAP_ADMIN).toBe('chief:long-enough-pw');
  });
});
