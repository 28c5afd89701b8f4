import { BadRequestException } from '@nestjs/common';
import { checkPasswordPolicy, type PasswordContext } from '#libs/access';

/** Throws the 400 that names the field and says, in Chinese too, why the password is refused. */
export function assertStrongPassword(field: string, password: string, context: PasswordContext): void {
  const refusal = checkPasswordPolicy(password, context);
  if (!refusal) return;
  throw new BadRequestException({
    code: 'WEAK_PASSWORD',
    field,
    reason: refusal.reason,
    message: `${field}: ${refusal.message}`,
    messageZh: refusal.messageZh,
  });
}
