import { CommandIdReusedError } from '#libs/event-store';
import type { CommandContext, ProjectCommand, ProjectCommandExecutor } from '#libs/portfolio';
import type { CatalogEntry } from '../catalog-entries.js';
import { PLAN_START, PLAN_TITLE } from '../plan-meta.js';
import { scheduleMilestones } from './milestone-schedule.js';

/** Catalog projects have no named manager yet: mail to this reserved domain goes nowhere until one is assigned. */
export const UNASSIGNED_MANAGER_DOMAIN = 'unassigned.invalid';

export interface CatalogImportReport {
  projects: number;
  commandsExecuted: number;
  commandsAlreadyDone: number;
  /** Steps whose catalog data changed since they were imported: left as recorded, for a reviewer. */
  changedSinceImport: string[];
}

/**
 * Registers every catalog project and plans its template milestones through the same command
 * path as the API. Each command carries a command id derived from the project and the step, so
 * a second run (or a run resumed after a crash) appends nothing that is already there. A step
 * whose catalog data changed after it was imported is reported, not re-applied: the ledger keeps
 * what it recorded, and a changed fact needs its own correcting command.
 * It records no progress: what happened is for project managers to record.
 */
export async function importCatalog(
  executor: ProjectCommandExecutor,
  entries: readonly CatalogEntry[],
  runId: string,
): Promise<CatalogImportReport> {
  const report: CatalogImportReport = { projects: entries.length, commandsExecuted: 0, commandsAlreadyDone: 0, changedSinceImport: [] };
  for (const entry of entries) {
    for (const [step, command] of catalogCommands(entry)) {
      const context: CommandContext = {
        actor: 'catalog-import',
        correlationId: runId,
        commandId: `catalog:${entry.id}:${step}`,
        extraMetadata: { source: 'catalog' },
      };
      try {
        const result = await executor.execute(entry.id, command, context);
        if (result.replayed) report.commandsAlreadyDone += 1;
        else report.commandsExecuted += 1;
      } catch (error) {
        if (!(error instanceof CommandIdReusedError)) throw error;
        report.changedSinceImport.push(context.commandId!);
      }
    }
  }
  return report;
}

/** The commands that put one catalog entry into the ledger, each with a stable step name. */
export function catalogCommands(entry: CatalogEntry): Array<[string, ProjectCommand]> {
  const register: ProjectCommand = {
    type: 'registerProject',
    projectId: entry.id,
    name: entry.name,
    county: entry.county,
    category: entry.category,
    subType: entry.subType,
    action: entry.action,
    plan: PLAN_TITLE,
    sourceRef: `${entry.column}：${entry.sourcePhrase}`,
    plannedStart: PLAN_START,
    plannedCompletion: entry.deadline,
    managerEmail: `${entry.county}.pm@${UNASSIGNED_MANAGER_DOMAIN}`,
  };
  const milestones = scheduleMilestones(entry.action, PLAN_START, entry.deadline).map(
    (m): [string, ProjectCommand] => [`plan:${m.key}`, { type: 'planMilestone', key: m.key, title: m.title, dueDate: m.dueDate }],
  );
  return [['register', register], ...milestones];
}
