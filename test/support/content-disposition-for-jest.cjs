// @fastify/static (Swagger UI under Fastify) requires `content-disposition`, which ships only as an
// ES module: Node 20 can require that, Jest's CommonJS loader cannot. The tests never send a file
// as a download, so under Jest the module is this stand-in, which refuses to be used.
function contentDisposition() {
  throw new Error('content-disposition is not available under Jest');
}
module.exports = contentDisposition;
module.exports.contentDisposition = contentDisposition;
module.exports.parse = contentDisposition;
