import { RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import { Environment } from '#libs/config';
import { correlationLogger } from '#libs/logging';
import { mountQueueDashboard } from './admin/queue-dashboard.js';
import { ApiModule, type ApiModuleOptions } from './api.module.js';
import { protectRawMounts } from './auth/raw-mounts.js';
import { serveMemoisedReads } from './read-models/memoised-reads.js';
import { auditRefusals } from './audit/refusal-audit.js';
import { refuseNonJsonBodies } from './http/json-bodies-only.js';
import { correlate, runCorrelated } from './http/request-correlation.js';
import { trustProxyOf } from './http/trust-proxy.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { registerCompression } from './http/compression.js';
import { apiValidationPipe } from './http/validation-pipe.js';
import { METRICS_PATH } from './metrics/metrics.controller.js';
import { securityHeaders } from './http/security-headers.js';
import { serveWebApp } from './web/web-app.js';

/** The API application, configured the same way for `npm start` and for tests. */
export async function createApiApp(options: ApiModuleOptions = {}, logger?: LoggerService | false): Promise<INestApplication> {
  // Fastify rather than Express: about three times the requests per second on the same cores (bench/README.md).
  const trustProxy = trustProxyOf(options.environment?.TRUST_PROXY ?? process.env.TRUST_PROXY);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy });
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

/** Security headers on every response, the session cookie, sign-in in front of raw mounts, and an audit row for every refusal. */
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
  app.getHttpAdapter().getInstance().addHook('onRequest', refuseNonJsonBodies);
  await app.register(fastifyCookie);
  protectRawMounts(app);
  auditRefusals(app);
  // Last of the onRequest hooks: an answer from here has its correlation id and security headers.
  serveMemoisedReads(app);
}

const BODY_LIMIT_BYTES = 100 * 1024;
