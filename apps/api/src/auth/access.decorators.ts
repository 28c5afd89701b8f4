import { SetMetadata } from '@nestjs/common';
import type { Role, SessionScope } from '#libs/access';

export const PUBLIC_ROUTE = 'taizhang:public';
export const PERMITTED_ROLES = 'taizhang:roles';
export const SCRAPE_TOKEN_ACCEPTED = 'taizhang:scrape-token';
export const OPEN_TO_SCOPES = 'taizhang:scopes';

/** Open without signing in (health, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles that may call this route. Every route says so (or is @Public()): a route with neither
 * is refused by the guard, and the lint rule taizhang/route-access fails the build first.
 */
export const Permit = (...roles: Role[]) => SetMetadata(PERMITTED_ROLES, roles);

/** Also open to a scraper presenting METRICS_TOKEN. */
export const AcceptsScrapeToken = () => SetMetadata(SCRAPE_TOKEN_ACCEPTED, true);

/**
 * Also open to a session that must first change its password or enrol a second factor
 * (every other route refuses it): who am I, sign out, change the password, enrol.
 */
export const OpenBeforeSetUp = () => SetMetadata(OPEN_TO_SCOPES, ['full', 'password-change', 'totp-enrolment'] satisfies SessionScope[]);
