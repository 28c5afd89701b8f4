import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { Environment } from '#libs/config';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { BootstrapAdmin } from './bootstrap-admin.js';
import { SessionGenerations } from './session-generations.js';
import { SessionTokens } from './session-tokens.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Environment],
      // Without a configured secret (only allowed outside production) tokens are valid for this process only.
      useFactory: (env: Environment) => ({
        secret: env.AUTH_TOKEN_SECRET ?? randomBytes(32).toString('base64url'),
        signOptions: { algorithm: 'HS256', issuer: 'taizhang' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'taizhang' },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [SessionTokens, SessionGenerations, BootstrapAdmin, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionTokens, SessionGenerations],
})
export class AuthModule {}
