import type { DataSourceOptions, MigrationInterface } from 'typeorm';

type MigrationClass = new () => MigrationInterface;

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  applicationName: string;
  migrations: MigrationClass[];
  entities?: DataSourceOptions['entities'];
}

/** One pool per process; the event store and TypeORM share it. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    applicationName: settings.applicationName,
    poolSize: settings.poolSize,
    entities: settings.entities ?? [],
    migrations: settings.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
  };
}
