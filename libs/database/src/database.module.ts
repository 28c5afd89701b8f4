import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '#libs/config';
import { dataSourceOptions, type DatabaseSettings } from './data-source-options.js';
import { migrate } from './migrate.js';
import { pgPoolOf } from './pg-pool.js';

/** The process's `pg` pool (the one TypeORM uses). */
export const PG_POOL = Symbol('PG_POOL');

const MIGRATIONS_ON_START = Symbol('MIGRATIONS_ON_START');

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger(MigrateOnStart.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MIGRATIONS_ON_START) private readonly enabled: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const applied = await migrate(this.dataSource);
    for (const migration of applied) this.logger.log(`applied migration ${migration.name}`);
  }
}

export interface DatabaseModuleOptions {
  applicationName: string;
  migrations: DatabaseSettings['migrations'];
  entities?: DataSourceOptions['entities'];
  migrateOnStart?: boolean;
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) =>
            dataSourceOptions({
              url: env.DATABASE_URL,
              poolSize: env.DATABASE_POOL_SIZE,
              applicationName: options.applicationName,
              migrations: options.migrations,
              entities: options.entities,
            }),
        }),
      ],
      providers: [
        { provide: PG_POOL, inject: [DataSource], useFactory: pgPoolOf },
        { provide: MIGRATIONS_ON_START, useValue: options.migrateOnStart ?? true },
        MigrateOnStart,
      ],
      exports: [PG_POOL, TypeOrmModule],
    };
  }
}
