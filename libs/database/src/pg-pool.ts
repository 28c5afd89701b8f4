import type { DataSource } from 'typeorm';
import type { Pool } from 'pg';

/** The `pg` pool behind a TypeORM data source: one pool for the event store and TypeORM alike. */
export function pgPoolOf(dataSource: DataSource): Pool {
  const driver = dataSource.driver as unknown as { master?: Pool };
  if (!driver.master) throw new Error('the data source is not initialised or is not PostgreSQL');
  return driver.master;
}
