import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { Environment } from '#libs/config';
import { createApiApp } from './create-api-app.js';

async function bootstrap(): Promise<void> {
  const app = await createApiApp();
  const env = app.get(Environment);
  await app.listen(env.PORT, env.HOST);
  new Logger('Api').log(`listening on http://${env.HOST}:${env.PORT}/api (docs at /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  new Logger('Api').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
