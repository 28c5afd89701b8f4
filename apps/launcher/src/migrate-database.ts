import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '#libs/database';
import { MIGRATIONS } from '#migrations';

export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: 2, applicationName: 'taizhang-migrate', migrations: MIGRATIONS }),
  );
  await dataSource.initialize();
  try {
    return (await migrate(dataSource)).map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
