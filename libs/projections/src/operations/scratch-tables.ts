import type { Pool, PoolClient } from 'pg';

type Queryable = Pick<Pool, 'query'> | PoolClient;

/** Empty copies of the tables (columns, keys, indexes, storage settings), named with the suffix; leftovers of an earlier run are dropped first. */
export async function createScratchTables(db: Queryable, tables: readonly string[], suffix: string): Promise<void> {
  await dropScratchTables(db, tables, suffix);
  for (const table of tables) {
    const { rows } = await db.query(`SELECT array_to_string(reloptions, ', ') AS options FROM pg_class WHERE oid = $1::regclass`, [table]);
    const options = rows[0]?.options ? ` WITH (${rows[0].options})` : '';
    await db.query(`CREATE TABLE ${table}${suffix} (LIKE ${table} INCLUDING ALL)${options}`);
  }
}

export async function dropScratchTables(db: Queryable, tables: readonly string[], suffix: string): Promise<void> {
  for (const table of tables) await db.query(`DROP TABLE IF EXISTS ${table}${suffix}`);
}

/**
 * Puts the scratch tables in place of the live ones, giving their indexes the live indexes'
 * names (matched by definition), so later migrations find them as they were created.
 */
export async function swapInScratchTables(tx: PoolClient, tables: readonly string[], suffix: string): Promise<void> {
  for (const table of tables) {
    const live = await indexesOf(tx, table);
    const scratch = await indexesOf(tx, `${table}${suffix}`);
    await tx.query(`DROP TABLE ${table}`);
    await tx.query(`ALTER TABLE ${table}${suffix} RENAME TO ${table}`);
    for (const [definition, name] of scratch) {
      const liveName = live.get(definition);
      if (liveName && liveName !== name) await tx.query(`ALTER INDEX ${name} RENAME TO ${liveName}`);
    }
  }
}

/** Index definitions with the index and table names taken out, mapped to the index name. */
async function indexesOf(tx: PoolClient, table: string): Promise<Map<string, string>> {
  const { rows } = await tx.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table]);
  return new Map(
    rows.map((r) => [
      (r.indexdef as string).replace(` INDEX ${r.indexname} ON `, ' INDEX ON ').replace(new RegExp(`\\b${table}\\b`, 'g'), 'T'),
      r.indexname as string,
    ]),
  );
}
