import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '#libs/config';
import { SessionGenerations } from './session-generations.js';
import { SessionTokens } from './session-tokens.js';

const SECRET = 'a-secret-for-this-test-only-0123456789';
const jwt = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS256', issuer: 'taizhang' }, verifyOptions: { algorithms: ['HS256'], issuer: 'taizhang' } });
const environment = { AUTH_TOKEN_TTL_MINUTES: 1 } as Environment;
// Never bootstrapped: it only knows what this test tells it (the e2e tests read the users table).
const generations = new SessionGenerations(undefined as never, environment);
const tokens = new SessionTokens(jwt, environment, generations);
const bearing = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as unknown as FastifyRequest;
const leader = { username: 'leader', displayName: '领导', role: 'leader' as const, county: null };

describe('session tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the user back from its token, again from memory, and not once the token has expired', async () => {
    const { token } = await tokens.issue(leader, 0);
    expect(await tokens.userOf(bearing(token))).toEqual(leader);
    expect(await tokens.userOf(bearing(token))).toEqual(leader);
    jest.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await tokens.userOf(bearing(token))).toBeUndefined();
  });

  it('refuses a token signed with another secret or altered', async () => {
    const foreign = await new JwtService({ secret: 'another-secret-entirely-0123456789abc' }).signAsync({ sub: 'admin', name: 'x', role: 'admin', county: null }, { issuer: 'taizhang', expiresIn: 60 });
    expect(await tokens.userOf(bearing(foreign))).toBeUndefined();
    const { token } = await tokens.issue(leader, 0);
    const [header, payload, signature] = token.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url');
    expect(await tokens.userOf(bearing(`${header}.${promoted}.${signature}`))).toBeUndefined();
  });

  it("refuses a token of an older session generation, remembered or not, and takes the new generation's", async () => {
    const viewer = { username: 'viewer-1', displayName: '查阅', role: 'viewer' as const, county: null };
    const { token: old } = await tokens.issue(viewer, 0);
    expect(await tokens.userOf(bearing(old))).toEqual(viewer);
    generations.note('viewer-1', 1);
    expect(tokens.knownUserOf(bearing(old))).toBeUndefined();
    expect(await tokens.userOf(bearing(old))).toBeUndefined();
    const { token: fresh } = await tokens.issue(viewer, 1);
    expect(await tokens.userOf(bearing(fresh))).toEqual(viewer);
    generations.note('viewer-1', 0); // a stale read never brings old tokens back
    expect(await tokens.userOf(bearing(old))).toBeUndefined();
  });
});
