import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Environment } from '#libs/config';
import { bearerOf } from './session-tokens.js';

/** A Prometheus scraper presenting METRICS_TOKEN as its bearer token. */
export function presentsMetricsToken(request: FastifyRequest, env: Environment): boolean {
  const expected = env.METRICS_TOKEN;
  const given = bearerOf(request);
  if (!expected || !given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
