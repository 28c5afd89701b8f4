import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CATALOG_ENTRIES, importCatalog, type CatalogImportReport } from '#libs/catalog';
import { EventStore } from '#libs/event-store';
import { ProjectCommandExecutor, ProjectRepository, systemClock } from '#libs/portfolio';

/** Puts the plan's catalog into the ledger at `databaseUrl` (idempotent). */
export async function importPlanCatalog(databaseUrl: string): Promise<CatalogImportReport> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'taizhang-catalog-import' });
  // An idle connection dropped while the server stops must not crash the process.
  pool.on('error', () => undefined);
  try {
    const store = new EventStore(pool);
    const executor = new ProjectCommandExecutor(store, new ProjectRepository(store), systemClock);
    return await importCatalog(executor, CATALOG_ENTRIES, `catalog-import-${randomUUID()}`);
  } finally {
    await pool.end();
  }
}

export function describeImport(report: CatalogImportReport): string {
  const changed = report.changedSinceImport.length
    ? `; ${report.changedSinceImport.length} steps changed in the catalog since they were imported and were left as recorded: ${report.changedSinceImport.join(', ')}`
    : '';
  return describeCounts(report) + changed;
}

function describeCounts(report: CatalogImportReport): string {
  return report.commandsExecuted === 0
    ? `plan catalog: all ${report.projects} projects already in the ledger`
    : `plan catalog: ${report.projects} projects, ${report.commandsExecuted} commands executed, ${report.commandsAlreadyDone} already done`;
}
