import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation.js';

/** Nest's console logger, with the request's correlation id on every line written while serving it. */
export class CorrelationLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const correlationId = currentCorrelationId();
    const base = super.formatContext(context);
    return correlationId ? `${base}[${correlationId}] ` : base;
  }
}

const LEVELS_FROM_MOST_VERBOSE: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/** The logger of an app, writing `level` and what is more severe (LOG_LEVEL; everything but verbose and debug when unset). */
export function correlationLogger(level: string | undefined = process.env.LOG_LEVEL): CorrelationLogger {
  const from = LEVELS_FROM_MOST_VERBOSE.indexOf((level ?? 'log') as LogLevel);
  return new CorrelationLogger({ logLevels: LEVELS_FROM_MOST_VERBOSE.slice(from < 0 ? 2 : from) });
}
