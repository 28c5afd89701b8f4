/** The API processes a benchmark starts sign in their first administrator from this, as production does. */
export const BENCH_AUTH_ENV = {
  AUTH_TOKEN_SECRET: 'benchmark-only-secret-0123456789abcdef',
  AUTH_BOOTSTRAP_ADMIN: 'bench:benchmark-admin-password',
};

/** Signs in as the benchmark's administrator; returns the header every request then sends. */
export async function signInForBench(baseUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'benchmark-admin-password' }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`the benchmark could not sign in at ${baseUrl}: ${response.status} ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.token}` };
}
