import { ConsoleLogger } from '@nestjs/common';
import { currentCorrelationId } from './correlation.js';

/** Nest's console logger, with the request's correlation id on every line written while serving it. */
export class CorrelationLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const correlationId = currentCorrelationId();
    const base = super.formatContext(context);
    return correlationId ? `${base}[${correlationId}] ` : base;
  }
}
