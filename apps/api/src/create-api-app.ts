import { HttpException, HttpStatus, RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { Environment } from '#libs/config';
import { correlationLogger, TOKEN_PATTERN, withCorrelationId } from '#libs/logging';
import { RedisClient } from '#libs/queues';
import { mountQueueDashboard } from './admin/queue-dashboard.js';
import { ApiModule, type ApiModuleOptions } from './api.module.js';
import { protectRawMounts } from './auth/raw-mounts.js';
import { serveMemoisedReads } from './read-models/memoised-reads.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { registerCompression } from './http/compression.js';
import { apiValidationPipe } from './http/validation-pipe.js';
import { METRICS_PATH } from './metrics/metrics.controller.js';
import { securityHeaders } from './http/security-headers.js';
import { serveWebApp } from './web/web-app.js';

/** The API application, configured the same way for `npm start` and for tests. */
export async function createApiApp(options: ApiModuleOptions = {}, logger?: LoggerService | false): Promise<INestApplication> {
  // Fastify rather than Express: about three times the requests per second on the same cores (bench/README.md).
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  adapter.getInstance().addHook('onRequest', correlate);
  adapter.getInstance().addHook('preHandler', runCorrelated);
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(options), adapter, {
    logger: logger ?? correlationLogger(),
  });
  app.setGlobalPrefix('api', { exclude: [{ path: METRICS_PATH, method: RequestMethod.GET }] });
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  await registerCompression(app);
  await registerSecurity(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Taizhang 台账 API')
      .setDescription('The ledger of the named public construction projects in Chuzhou’s 14th Five-Year public-service plan')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await mountQueueDashboard(app);
  // After bull-board: its plugin registers @fastify/static in its own scope before ours decorates the root.
  await serveWebApp(app);
  return app;
}

/** Security headers on every response, the session cookie, the sign-in rate limit, and sign-in in front of raw mounts. */
async function registerSecurity(app: NestFastifyApplication): Promise<void> {
  const env = app.get(Environment);
  const headers = securityHeaders({ https: env.PUBLIC_BASE_URL.startsWith('https:') });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    max: env.LOGIN_ATTEMPTS_PER_WINDOW,
    timeWindow: env.LOGIN_WINDOW_SECONDS * 1000,
    redis: app.get(RedisClient).redis,
    nameSpace: `${env.QUEUE_PREFIX}:login-attempts:`,
    errorResponseBuilder: (_request, context) =>
      new HttpException({ code: 'TOO_MANY_LOGIN_ATTEMPTS', message: `too many sign-in attempts: try again in ${Math.ceil(context.ttl / 1000)} s` }, HttpStatus.TOO_MANY_REQUESTS),
  });
  protectRawMounts(app);
  // Last of the onRequest hooks: an answer from here has its correlation id and security headers.
  serveMemoisedReads(app);
}

const BODY_LIMIT_BYTES = 100 * 1024;
const correlationIds = new WeakMap<FastifyRequest, string>();

/** Every request gets a correlation id (the caller's X-Correlation-Id, or a new one) that logs and events carry. */
function correlate(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = request.headers['x-correlation-id'];
  const correlationId = typeof given === 'string' && TOKEN_PATTERN.test(given) ? given : randomUUID();
  correlationIds.set(request, correlationId);
  void reply.header('X-Correlation-Id', correlationId);
  withCorrelationId(correlationId, done);
}

/** The handler runs under the request's correlation id, entered again once the body is read (reading it loses the context). */
function runCorrelated(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const correlationId = correlationIds.get(request);
  if (correlationId) withCorrelationId(correlationId, done);
  else done();
}
