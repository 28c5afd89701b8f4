import type { RunningService } from '#libs/local-services';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __taizhangServices?: RunningService[] }).__taizhangServices ?? [];
  // Last started, first stopped: the scratch folder goes after the servers that used it.
  for (const service of [...started].reverse()) await service.stop();
}
