import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { lastValueFrom, of, type Observable } from 'rxjs';
import { ReadModelGate } from './read-model-gate.js';

/**
 * Serves a read-model answer from the memo before the query is validated and the handler runs:
 * interceptors come before pipes, and validating a query string costs more than answering it from
 * memory. Only answers that were made (so the query was valid) are kept. A request with minPosition
 * goes straight to the handler, which waits for the projection first. What it keeps is also served
 * to signed-in users before Nest runs (serveMemoisedReads): put it only on reads every role may make.
 */
@Injectable()
export class ReadModelMemoInterceptor implements NestInterceptor {
  constructor(private readonly gate: ReadModelGate) {}

  async intercept(context: ExecutionContext, next: CallHandler<Buffer>): Promise<Observable<Buffer>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if ((request.query as Record<string, unknown>).minPosition !== undefined) return next.handle();
    return of(await this.gate.memoised(request, http.getResponse<FastifyReply>(), () => lastValueFrom(next.handle())));
  }
}
