import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiModule, type ApiModuleOptions } from './api.module.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { apiValidationPipe } from './http/validation-pipe.js';

/** The API application, configured the same way for `npm start` and for tests. */
export async function createApiApp(options: ApiModuleOptions = {}, logger?: LoggerService | false): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(options), {
    logger: logger ?? undefined,
    bodyParser: true,
  });
  app.setGlobalPrefix('api');
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
