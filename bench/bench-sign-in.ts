/**
 * The API processes a benchmark starts sign in their first administrator from this, as production
 * does; the benchmark measures reads, so it asks for no second factor (a setting of its own).
 */
export const BENCH_AUTH_ENV = {
  AUTH_TOKEN_SECRET: 'benchmark-only-secret-0123456789abcdef',
  AUTH_DATA_KEY: Buffer.alloc(32, 'bench').toString('base64'),
  AUTH_BOOTSTRAP_ADMIN: 'bench:benchmark-admin-password',
  AUTH_TOTP_REQUIRED_ROLES: 'none',
};

const FIRST_PASSWORD = 'benchmark-admin-password';
const OWN_PASSWORD = 'Copper-Harbour-Lantern-2026';

/**
 * Signs in as the benchmark's administrator — setting their own password first, as a bootstrap
 * administrator must, the first time — and returns the header every request then sends.
 */
export async function signInForBench(baseUrl: string): Promise<Record<string, string>> {
  const own = await signIn(baseUrl, OWN_PASSWORD);
  if (own.status === 200) return { authorization: `Bearer ${own.token}` };
  const first = await signIn(baseUrl, FIRST_PASSWORD);
  if (first.status !== 200) throw new Error(`the benchmark could not sign in at ${baseUrl}: ${first.status}`);
  const changed = await post(`${baseUrl}/auth/password`, { currentPassword: FIRST_PASSWORD, newPassword: OWN_PASSWORD }, { authorization: `Bearer ${first.token}` });
  if (changed.status !== 200 || !changed.token) throw new Error(`the benchmark could not set its password at ${baseUrl}: ${changed.status}`);
  return { authorization: `Bearer ${changed.token}` };
}

function signIn(baseUrl: string, password: string) {
  return post(`${baseUrl}/auth/login`, { username: 'bench', password });
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; token?: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { token?: string };
  return { status: response.status, token: answer.token };
}
