import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { Environment } from '#libs/config';
import { PG_POOL } from '#libs/database';
import { CLOCK, today, type Clock } from '#libs/portfolio';
import { PORTFOLIO_PROJECTION, readCheckpoint, type Checkpoint, waitForPosition, type RagThresholds, type ViewDate } from '#libs/projections';
import type { ViewDateQueryDto } from './view-date-query.dto.js';
import { JSON_TYPE, MemoisedAnswer } from './memoised-answer.js';
import { ReadModelMemo } from './read-model-memo.js';
import { resolveViewDate } from './view-date.js';

/** How long a checkpoint read is shared by the requests that come meanwhile. */
const CHECKPOINT_TTL_MS = 25;
/** The oldest checkpoint read that peek still answers by (it reads the next one in the background from CHECKPOINT_TTL_MS on). */
const CHECKPOINT_MAX_AGE_MS = 50;

/**
 * Every read-model query passes here: it waits for `minPosition` (503 naming the field when the
 * projection does not get there in time), says in X-Log-Position which log position the answer
 * reflects, keeps answers in a memo, and turns asOf / effectiveAt into the day the answer is judged on.
 */
@Injectable()
export class ReadModelGate {
  private readonly memo: ReadModelMemo;
  private latest?: { readAt: number; checkpoint: Promise<Checkpoint> };
  /** The last checkpoint read that has arrived, for answers that must not wait (see peek). */
  private arrived?: { readAt: number; checkpoint: Checkpoint };
  private day?: { second: number; date: string };

  constructor(
    @Inject(PG_POOL) readonly pool: Pool,
    @Inject(Environment) private readonly env: Environment,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.memo = new ReadModelMemo(env.READ_MODEL_CACHE_ENTRIES);
  }

  get rag(): RagThresholds {
    return { redDays: this.env.RAG_RED_DAYS, amberDays: this.env.RAG_AMBER_DAYS };
  }

  /** Today in Asia/Shanghai, worked out at most once a second (formatting the date is a real cost per request). */
  today(): string {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    if (this.day?.second !== second) this.day = { second, date: today(this.clock) };
    return this.day.date;
  }

  /**
   * The memoised JSON body of a request (its path and query string as sent), kept by the position the read model has
   * reached and the day: made by `make` on a miss, and encoded as the client accepts. Requests that pass minPosition
   * do not come here (see ReadModelMemoInterceptor).
   */
  async memoised(request: FastifyRequest, res: FastifyReply, make: () => Promise<Buffer>): Promise<Buffer> {
    const checkpoint = await this.checkpoint(false);
    const answer = await this.memo.get(this.memoKey(checkpoint, request.url), async () => new MemoisedAnswer(await make()));
    res.header('X-Log-Position', String(checkpoint.position));
    return answer.sendableTo(request.headers['accept-encoding'], res);
  }

  /**
   * The memoised body for this URL at the checkpoint read in the last CHECKPOINT_MAX_AGE_MS, if it is
   * already made; undefined otherwise, and then the request takes the usual way through Nest. Once the
   * checkpoint is older than CHECKPOINT_TTL_MS the next one is read in the background, so that under
   * steady load requests keep finding a fresh checkpoint here instead of all going through Nest until
   * one of them has read it.
   */
  peek(url: string): { answer: MemoisedAnswer; position: number } | undefined {
    const arrived = this.arrived;
    if (!arrived) return undefined;
    const age = Date.now() - arrived.readAt;
    if (age >= CHECKPOINT_MAX_AGE_MS) return undefined;
    if (age >= CHECKPOINT_TTL_MS) void this.checkpoint(false);
    const answer = this.memo.peek<MemoisedAnswer>(this.memoKey(arrived.checkpoint, url));
    return answer && { answer, position: arrived.checkpoint.position };
  }

  // The checkpoint's time changes with every batch applied and with a rebuild's swap.
  private memoKey(checkpoint: Checkpoint, url: string): string {
    return `${checkpoint.position}@${checkpoint.updatedAt.getTime()}|${this.today()}|${url}`;
  }

  /** Waits for minPosition, then answers with the JSON body made by `read`, as bytes. */
  async answer(query: Pick<ViewDateQueryDto, 'minPosition'>, res: FastifyReply, read: () => Promise<unknown>): Promise<Buffer> {
    await this.open(query, res);
    const body = Buffer.from(JSON.stringify(await read()));
    res.type(JSON_TYPE);
    return body;
  }

  /** Waits for minPosition (503 if the read model does not get there in time) and says which position the answer reflects. */
  async open(query: Pick<ViewDateQueryDto, 'minPosition'>, res: FastifyReply): Promise<void> {
    const { minPosition } = query;
    if (minPosition !== undefined && !(await waitForPosition(this.pool, PORTFOLIO_PROJECTION, minPosition, this.env.MIN_POSITION_WAIT_MS))) {
      res.header('Retry-After', '1');
      throw new ServiceUnavailableException({
        code: 'READ_MODEL_BEHIND',
        field: 'minPosition',
        message: `minPosition: the read model has not reached position ${minPosition} yet; retry shortly`,
      });
    }
    const checkpoint = await this.checkpoint(minPosition !== undefined);
    res.header('X-Log-Position', String(checkpoint.position));
  }

  /**
   * The projection's checkpoint, read at most every CHECKPOINT_TTL_MS and shared by the requests
   * meanwhile; a read-your-writes request (`fresh`) always reads it again.
   */
  private checkpoint(fresh: boolean): Promise<Checkpoint> {
    const now = Date.now();
    if (!fresh && this.latest && now - this.latest.readAt < CHECKPOINT_TTL_MS) return this.latest.checkpoint;
    const checkpoint = readCheckpoint(this.pool, PORTFOLIO_PROJECTION);
    const latest = { readAt: now, checkpoint };
    this.latest = latest;
    checkpoint.then(
      (read) => {
        // Not only the latest read: under a slow database every read may be overtaken by the next one.
        if (!this.arrived || this.arrived.readAt < now) this.arrived = { readAt: now, checkpoint: read };
      },
      () => {
        if (this.latest === latest) this.latest = undefined;
      },
    );
    return checkpoint;
  }

  viewDate(query: Pick<ViewDateQueryDto, 'asOf' | 'effectiveAt'>): ViewDate {
    return resolveViewDate(query, this.today());
  }
}
