/**
 * `attachment` with both names (RFC 6266): an ASCII `filename=` for old clients and the real,
 * Chinese one as `filename*=UTF-8''…` (RFC 8187), which browsers and Excel prefer.
 */
export function attachment(asciiName: string, name: string): string {
  if (!/^[\x20-\x7e]+$/.test(asciiName) || /["\\]/.test(asciiName)) throw new Error(`not a plain ASCII file name: ${asciiName}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeExtValue(name)}`;
}

/** Percent-encodes everything but RFC 8187's attr-chars (encodeURIComponent leaves ' ( ) * as they are). */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
