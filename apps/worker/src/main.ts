import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { correlationLogger } from '#libs/logging';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(), { logger: correlationLogger() });
  app.enableShutdownHooks();
  new Logger('Worker').log('worker started');
}

bootstrap().catch((error: unknown) => {
  new Logger('Worker').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
