import { ForbiddenException } from '@nestjs/common';
import { ADMINISTRATOR_ROLES, BUSINESS_ROLES, type Role, type SignedInUser } from '#libs/access';

/**
 * 三员分立: the system administrator keeps the accounts of those who use the ledger (leaders,
 * managers, viewers); the security administrator keeps the administrator accounts. Neither can
 * give an account a role outside their own domain, so no one can make themself another role.
 */
export function rolesManagedBy(role: Role): readonly Role[] {
  if (role === 'admin') return BUSINESS_ROLES;
  if (role === 'security_admin') return ADMINISTRATOR_ROLES;
  return [];
}

export function assertManages(actor: SignedInUser, role: Role, field = 'role'): void {
  if (rolesManagedBy(actor.role).includes(role)) return;
  const keeper = (ADMINISTRATOR_ROLES as readonly Role[]).includes(role) ? 'the security administrator' : 'the system administrator';
  throw new ForbiddenException({ code: 'FORBIDDEN', field, message: `${field}: accounts of the ${role} role are kept by ${keeper}, not the ${actor.role} role` });
}
