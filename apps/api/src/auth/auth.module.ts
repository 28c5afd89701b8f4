import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { SecretBox } from '#libs/access';
import { Environment } from '#libs/config';
import { systemClock, type Clock } from '#libs/portfolio';
import { QueuesModule } from '#libs/queues';
import { AuditTrail } from '../audit/audit-trail.js';
import { AUTH_CLOCK } from './auth-clock.js';
import { AUTH_SECRET, authSecretOf } from './auth-secret.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { BootstrapAccounts } from './bootstrap-accounts.js';
import { CsrfProtection } from './csrf.js';
import { RequestAuthentication } from './request-authentication.js';
import { SecondFactorController } from './second-factor.controller.js';
import { SessionRegistry } from './session-registry.js';
import { SessionStart } from './session-start.js';
import { SessionTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './session-tokens.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { SignInService } from './sign-in.service.js';
import { UsersController } from './users.controller.js';

const DEVELOPMENT_DATA_KEY_SECRET = 'taizhang development data key: never in production';

@Module({})
export class AuthModule {
  static register(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        QueuesModule,
        JwtModule.registerAsync({
          extraProviders: [{ provide: AUTH_SECRET, inject: [Environment], useFactory: authSecretOf }],
          inject: [AUTH_SECRET],
          useFactory: (secret: string) => ({
            secret,
            signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
            verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
          }),
        }),
      ],
      controllers: [AuthController, SecondFactorController, UsersController],
      providers: [
        { provide: AUTH_CLOCK, useValue: options.clock ?? systemClock },
        { provide: AUTH_SECRET, inject: [Environment], useFactory: authSecretOf },
        {
          provide: SecretBox,
          inject: [Environment],
          useFactory: (env: Environment) => SecretBox.fromSettings(env.AUTH_DATA_KEY, env.AUTH_TOKEN_SECRET ?? DEVELOPMENT_DATA_KEY_SECRET),
        },
        AuditTrail,
        SessionTokens,
        SessionRegistry,
        RequestAuthentication,
        CsrfProtection,
        SignInThrottle,
        SessionStart,
        SignInService,
        BootstrapAccounts,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_CLOCK, AuditTrail, SessionTokens, SessionRegistry, RequestAuthentication, CsrfProtection, SecretBox],
    };
  }
}
