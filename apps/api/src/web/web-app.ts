import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Paths the single-page app never owns: unknown ones there are a JSON 404, not the app. */
const SERVER_PATHS = /^\/+(api|admin|metrics)(\/|;|$)/i;

/**
 * The dashboard (apps/web, built by Vite into dist/web) at `/`: its files, and index.html for any
 * other page path so that links such as /projects/<id> in alert e-mails open the app.
 */
export async function serveWebApp(app: NestFastifyApplication): Promise<void> {
  const root = webRoot();
  if (!root) {
    new Logger('WebApp').warn('dist/web is missing (run npm run build): the dashboard is not served');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // The build writes .br and .gz next to each text file (apps/web/vite.config.ts).
    preCompressed: true,
    // Vite names every asset by its content hash: those never change; index.html must be asked for again.
    setHeaders: (reply, path) => void reply.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // A catch-all route, not a not-found handler: Nest installs its own not-found handler at init.
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      const path = request.url.split('?')[0];
      if (SERVER_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path)) {
        return reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', message: `no route GET ${path}` });
      }
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', root);
    });
}

function webRoot(): string | undefined {
  // From dist/apps/api/src/web/ (built) or apps/api/src/web/ (tests run from the sources).
  const candidates = [process.env.WEB_ROOT, '../../../../web', '../../../../dist/web'].filter((c): c is string => Boolean(c));
  return candidates
    .map((candidate) => (candidate.startsWith('/') ? candidate : fileURLToPath(new URL(candidate, import.meta.url))))
    .find((dir) => existsSync(`${dir}/index.html`));
}
