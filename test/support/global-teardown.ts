import type { RunningService } from '#libs/local-services';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __taizhangServices?: RunningService[] }).__taizhangServices ?? [];
  await Promise.all(started.map((service) => service.stop()));
}
