import { SetMetadata } from '@nestjs/common';
import type { Role } from '#libs/access';

export const PUBLIC_ROUTE = 'taizhang:public';
export const PERMITTED_ROLES = 'taizhang:roles';
export const SCRAPE_TOKEN_ACCEPTED = 'taizhang:scrape-token';

/** Open without signing in (health, sign-in itself). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles that may call this route. Without it a read (GET) is open to every signed-in role
 * and anything else to the administrator only.
 */
export const Permit = (...roles: Role[]) => SetMetadata(PERMITTED_ROLES, roles);

/** Also open to a scraper presenting METRICS_TOKEN. */
export const AcceptsScrapeToken = () => SetMetadata(SCRAPE_TOKEN_ACCEPTED, true);
