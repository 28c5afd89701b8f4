import { Body, Controller, ForbiddenException, HttpCode, Inject, Post, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { acceptedTotpStep, enableTotp, findUser, newRecoveryCodes, newTotpSecret, ROLES, SecretBox, setPendingTotpSecret, totpQrSvg, totpUri } from '#libs/access';
import { PG_POOL } from '#libs/database';
import type { Clock } from '#libs/portfolio';
import { AUTH_CLOCK } from './auth-clock.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { OpenBeforeSetUp, Permit } from './access.decorators.js';
import { TotpConfirmDto } from './auth.dto.js';
import { CurrentPrincipal } from './current-user.js';
import type { Principal } from './request-authentication.js';
import { SessionRegistry } from './session-registry.js';
import { SessionStart } from './session-start.js';

/** Enrolling a second factor (TOTP, RFC 6238): a secret shown once as a QR code drawn here, confirmed by a first code. */
@ApiTags('auth')
@Controller('auth/totp')
@Permit(...ROLES)
export class SecondFactorController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly start: SessionStart,
    private readonly sessions: SessionRegistry,
    private readonly audit: AuditTrail,
  ) {}

  @Post('enrolment')
  @OpenBeforeSetUp()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start (or start again) enrolling: a new secret, its otpauth:// URI and a QR code (SVG); nothing changes until it is confirmed' })
  async begin(@CurrentPrincipal() principal: Principal) {
    this.refuseBeforePassword(principal);
    const secret = newTotpSecret();
    await setPendingTotpSecret(this.pool, principal.user.username, this.box.seal(secret));
    const uri = totpUri(secret, principal.user.username);
    return { secret, otpauthUrl: uri, qrCodeSvg: await totpQrSvg(uri) };
  }

  @Post('enrolment/confirm')
  @OpenBeforeSetUp()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm enrolment with a first code: the second factor is on, 10 recovery codes are shown once, every session of the user ends and the answer signs in again',
  })
  async confirm(@Body() body: TotpConfirmDto, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    this.refuseBeforePassword(principal);
    const user = await findUser(this.pool, principal.user.username);
    if (!user?.totpPendingSecret) {
      throw new UnprocessableEntityException({ code: 'NO_ENROLMENT', field: 'code', message: 'code: start enrolling first (POST /api/auth/totp/enrolment)' });
    }
    const at = this.clock.now();
    const step = await acceptedTotpStep(this.box.open(user.totpPendingSecret), body.code, at, null);
    const codes = newRecoveryCodes();
    if (step === undefined || !(await enableTotp(this.pool, user.username, user.totpPendingSecret, step, codes, at))) {
      await this.audit.record(request, { action: 'auth.totp-enrolled', object: `user:${user.username}`, result: 'failure', details: { reason: 'wrong-code' } });
      throw new UnprocessableEntityException({ code: 'INVALID_SECOND_FACTOR', field: 'code', message: 'code: the code is wrong or expired; check the phone’s time and try the next one' });
    }
    this.sessions.endedAllOf(user.username);
    await this.audit.record(request, { action: 'auth.totp-enrolled', object: `user:${user.username}`, result: 'success' });
    const signedIn = await this.start.start(request, reply, (await findUser(this.pool, user.username))!, 'totp-enrolment');
    return { ...signedIn, recoveryCodes: codes };
  }

  private refuseBeforePassword(principal: Principal): void {
    if (principal.scope === 'password-change') {
      throw new ForbiddenException({ code: 'PASSWORD_CHANGE_REQUIRED', message: 'change your password first (POST /api/auth/password)' });
    }
  }
}
