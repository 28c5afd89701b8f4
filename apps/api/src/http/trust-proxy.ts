/**
 * Fastify's trustProxy from TRUST_PROXY: whose X-Forwarded-For to believe, so that behind a
 * reverse proxy the client's own address is the one audited and throttled.
 */
export function trustProxyOf(setting: string | undefined): boolean | string {
  if (setting === undefined || setting === '' || setting === 'false') return false;
  if (setting === 'true') return true;
  return setting
    .split(',')
    .map((part) => part.trim())
    .join(',');
}
