import type { Pool } from 'pg';
import { judgedProjects, SqlParameters } from './judged-projects.js';
import type { RagThresholds } from './rag-thresholds.js';
import type { ViewDate } from './county-view.query.js';

/** One project's RAG light on the view's day, by the same rules as the lists; null before the read model has it. */
export async function projectRag(db: Pick<Pool, 'query'>, projectId: string, at: ViewDate, rag: RagThresholds): Promise<'red' | 'amber' | 'green' | null> {
  const params = new SqlParameters();
  const judged = judgedProjects(params, { day: at.day, rag, asOf: at.asOf });
  const { rows } = await db.query(`SELECT rag FROM (${judged}) j WHERE project_id = ${params.add(projectId)}`, params.values);
  return rows[0]?.rag ?? null;
}
