import { decideProject, evolve, type ProjectEvent, type ProjectState } from '#libs/portfolio';
import type { SyntheticProject } from './generate-portfolio.js';

export interface DecidedProject {
  events: ProjectEvent[];
  state: ProjectState;
}

/**
 * The events the command path would append for the project: every command decided by the
 * aggregate on the state so far, with `today` = the command's business date. A refusal is a
 * bug of the generator, never data to skip.
 */
export function decideSyntheticProject(project: SyntheticProject): DecidedProject {
  let state: ProjectState | null = null;
  const events: ProjectEvent[] = [];
  for (const { on, command } of project.commands) {
    let decided: ProjectEvent[];
    try {
      decided = decideProject(command, state, on);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`synthetic project ${project.projectId}: ${command.type} on ${on} was refused: ${reason}`, { cause: error });
    }
    for (const event of decided) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  if (!state) throw new Error(`synthetic project ${project.projectId} has no registration`);
  return { events, state };
}
