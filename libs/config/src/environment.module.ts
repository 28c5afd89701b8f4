import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment.js';

/**
 * Validates the environment once at start-up and provides it as `Environment`.
 * `overrides` lets tests run several apps with different settings in one process.
 */
@Global()
@Module({})
export class EnvironmentModule {
  static forRoot(overrides: Record<string, string | undefined> = {}): DynamicModule {
    let validated: Environment | undefined;
    const validate = (config: Record<string, unknown>) => {
      validated = validateEnvironment({ ...config, ...overrides });
      return validated;
    };
    return {
      module: EnvironmentModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate, cache: true })],
      providers: [{ provide: Environment, useFactory: () => validated ?? validate(process.env) }],
      exports: [Environment],
    };
  }
}
