import { RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { CorrelationLogger, TOKEN_PATTERN, withCorrelationId } from '#libs/logging';
import { ApiModule, type ApiModuleOptions } from './api.module.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { apiValidationPipe } from './http/validation-pipe.js';
import { METRICS_PATH } from './metrics/metrics.controller.js';

/** The API application, configured the same way for `npm start` and for tests. */
export async function createApiApp(options: ApiModuleOptions = {}, logger?: LoggerService | false): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), {
    logger: logger ?? new CorrelationLogger(),
    bodyParser: true,
  });
  app.use(correlate);
  app.setGlobalPrefix('api', { exclude: [{ path: METRICS_PATH, method: RequestMethod.GET }] });
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useBodyParser('json', { limit: '100kb' });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Taizhang 台账 API')
      .setDescription('The ledger of the named public construction projects in Chuzhou’s 14th Five-Year public-service plan')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** Every request runs under a correlation id (the caller's X-Correlation-Id, or a new one) that logs and events carry. */
function correlate(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-correlation-id');
  const correlationId = given && TOKEN_PATTERN.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', correlationId);
  withCorrelationId(correlationId, next);
}
