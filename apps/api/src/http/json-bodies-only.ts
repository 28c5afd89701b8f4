import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * The API takes JSON bodies only: a form (application/x-www-form-urlencoded, multipart/form-data,
 * text/plain) — what a page on another site can send without asking the browser first — is
 * refused with 415 before it is read.
 */
export function refuseNonJsonBodies(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS' || !hasBody(request)) return done();
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return done();
  void reply.status(415).send({
    statusCode: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'Content-Type',
    message: `Content-Type: the API takes application/json bodies only, not ${type || 'a body without a type'}`,
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
