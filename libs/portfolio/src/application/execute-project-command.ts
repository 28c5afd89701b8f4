import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ProjectCommand } from '../domain/index.js';
import type { CommandContext, CommandResult } from './command-context.js';
import { ProjectCommandExecutor } from './project-command-executor.js';

/** Any command of the project aggregate (register, plan, start, complete, reschedule, correct, suspend, resume, cancel). */
export class ExecuteProjectCommand extends Command<CommandResult> {
  constructor(
    readonly projectId: string,
    readonly command: ProjectCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteProjectCommand)
export class ExecuteProjectCommandHandler implements ICommandHandler<ExecuteProjectCommand> {
  constructor(private readonly executor: ProjectCommandExecutor) {}

  execute({ projectId, command, context }: ExecuteProjectCommand): Promise<CommandResult> {
    return this.executor.execute(projectId, command, context);
  }
}
