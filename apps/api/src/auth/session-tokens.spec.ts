import { JwtService } from '@nestjs/jwt';
import type { Environment } from '#libs/config';
import type { Clock } from '#libs/portfolio';
import { SessionTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './session-tokens.js';

const SECRET = 'a-secret-for-this-test-only-0123456789';
const options = { algorithm: 'HS256' as const, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE };
const jwt = new JwtService({ secret: SECRET, signOptions: options, verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE } });
let now = new Date('2026-12-03T08:00:00Z');
const clock: Clock = { now: () => new Date(now) };
const tokens = new SessionTokens(jwt, { AUTH_TOKEN_TTL_MINUTES: 60 } as Environment, clock);
const leader = { username: 'leader', displayName: '领导', role: 'leader' as const, county: null, email: null };
const inAnHour = () => new Date(now.getTime() + 3_600_000);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('session tokens', () => {
  beforeEach(() => {
    now = new Date('2026-12-03T08:00:00Z');
  });

  it('reads the user, session and scope back from its token, and not once it has expired', async () => {
    const token = await tokens.issueSession(leader, 'session-1', 'full', now, inAnHour());
    expect(await tokens.verifySession(token)).toMatchObject({ user: leader, sessionId: 'session-1', scope: 'full' });
    expect(tokens.knownSession(token)?.sessionId).toBe('session-1');
    now = new Date(now.getTime() + 3_601_000);
    expect(tokens.knownSession(token)).toBeUndefined();
    expect(await tokens.verifySession(token)).toBeUndefined();
  });

  it('refuses a token signed with another secret, or altered', async () => {
    const { aud: _aud, iss: _iss, ...bare } = claimsOf(await tokens.issueSession(leader, 's', 'full', now, inAnHour()));
    const foreign = await new JwtService({ secret: 'another-secret-entirely-0123456789abc', signOptions: options }).signAsync(bare);
    expect(await tokens.verifySession(foreign)).toBeUndefined();
    const [header, , signature] = (await tokens.issueSession(leader, 's2', 'full', now, inAnHour())).split('.');
    const promoted = Buffer.from(JSON.stringify({ ...claimsOf(await tokens.issueSession(leader, 's2', 'full', now, inAnHour())), role: 'admin' })).toString('base64url');
    expect(await tokens.verifySession(`${header}.${promoted}.${signature}`)).toBeUndefined();
  });

  it('refuses a token of another type, audience or issuer even with the right signature', async () => {
    const { token: challenge } = await tokens.issueChallenge('leader', 'challenge-1');
    expect(await tokens.verifySession(challenge)).toBeUndefined();
    expect(await tokens.verifyChallenge(challenge)).toMatchObject({ username: 'leader', challengeId: 'challenge-1' });
    const claims = claimsOf(await tokens.issueSession(leader, 's3', 'full', now, inAnHour()));
    const { aud: _aud, iss: _iss, ...bare } = claims;
    const otherAudience = await jwt.signAsync(bare, { ...options, audience: 'another-api' });
    const otherIssuer = await jwt.signAsync(bare, { ...options, issuer: 'someone-else' });
    expect(await tokens.verifySession(otherAudience)).toBeUndefined();
    expect(await tokens.verifySession(otherIssuer)).toBeUndefined();
  });

  it('refuses a correctly signed token whose lifetime is longer than the configured maximum', async () => {
    const tooLong = await tokens.issueSession(leader, 's4', 'full', now, new Date(now.getTime() + 61 * 60_000));
    expect(await tokens.verifySession(tooLong)).toBeUndefined();
    const justRight = await tokens.issueSession(leader, 's5', 'full', now, new Date(now.getTime() + 60 * 60_000));
    expect(await tokens.verifySession(justRight)).toBeDefined();
  });

  it('refuses an unknown scope or role', async () => {
    const claims = claimsOf(await tokens.issueSession(leader, 's6', 'full', now, inAnHour()));
    const { aud: _aud, iss: _iss, ...bare } = claims;
    expect(await tokens.verifySession(await jwt.signAsync({ ...bare, scope: 'everything' }))).toBeUndefined();
    expect(await tokens.verifySession(await jwt.signAsync({ ...bare, role: 'root' }))).toBeUndefined();
  });
});
