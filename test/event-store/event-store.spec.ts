import { randomUUID } from 'node:crypto';
import {
  CommandIdReusedError,
  ConcurrencyError,
  EventStore,
  EventUpcasters,
  type EventMetadata,
  type NewEvent,
} from '#libs/event-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const metadata = (actor = 'tester'): EventMetadata => ({
  actor,
  correlationId: randomUUID(),
  causationId: null,
  commandId: null,
});
const event = (n: number): NewEvent => ({ type: 'test.happened', data: { n } });

describe('event store', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.pool);
  });
  afterAll(() => db.drop());

  const countEvents = async (streamId?: string): Promise<number> => {
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM events WHERE $1::text IS NULL OR stream_id = $1',
      [streamId ?? null],
    );
    return rows[0].n;
  };

  it('appends several events atomically with contiguous versions and stored metadata', async () => {
    const stream = `s-${randomUUID()}`;
    const meta = metadata('manager@chuzhou.gov.cn');
    const result = await store.append(stream, 'no_stream', [event(1), event(2), event(3)], { metadata: meta });
    expect(result).toMatchObject({ streamId: stream, version: 3, duplicate: false });
    const events = await store.readStream(stream);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(events[2].position).toBe(result.position);
    expect(events[0].metadata).toMatchObject({ actor: 'manager@chuzhou.gov.cn', correlationId: meta.correlationId });
    expect(events[0].recordedAt).toBeInstanceOf(Date);
    expect(new Set(events.map((e) => e.recordedAt.getTime())).size).toBe(1);
  });

  it('stores data with quotes, backslashes, braces and Chinese text exactly, on every append path', async () => {
    const tricky = { text: 'a "quoted" \\ back\\slash, {braces}, [1,2], 中文，“全角”', nested: { nul: null, n: 1.5 } };
    const exact = `s-${randomUUID()}`;
    const keyed = `s-${randomUUID()}`;
    const any = `s-${randomUUID()}`;
    await store.append(exact, 'no_stream', [{ type: 'test.tricky', data: tricky }, { type: 'test.tricky', data: tricky }], { metadata: metadata('“张三”') });
    await store.append(keyed, 'no_stream', [{ type: 'test.tricky', data: tricky }], { metadata: metadata(), commandId: randomUUID() });
    await store.append(any, 'any', [{ type: 'test.tricky', data: tricky }], { metadata: metadata() });
    for (const stream of [exact, keyed, any]) {
      for (const e of await store.readStream(stream)) expect(e.data).toEqual(tricky);
    }
    expect((await store.readStream(exact))[1].metadata.actor).toBe('“张三”');
  });

  it('honours expected versions: no stream, exact and any', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(1)], { metadata: metadata() });
    await expect(store.append(stream, 'no_stream', [event(2)], { metadata: metadata() })).rejects.toMatchObject({
      name: 'ConcurrencyError',
      currentVersion: 1,
    });
    await expect(store.append(stream, 5, [event(2)], { metadata: metadata() })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.append(stream, 1, [event(2)], { metadata: metadata() })).version).toBe(2);
    expect((await store.append(stream, 'any', [event(3)], { metadata: metadata() })).version).toBe(3);
    expect(await countEvents(stream)).toBe(3);
  });

  it('leaves nothing behind when one event of a batch cannot be stored', async () => {
    const stream = `s-${randomUUID()}`;
    const broken = { type: null, data: {} } as unknown as NewEvent;
    await expect(store.append(stream, 'no_stream', [event(1), broken, event(3)], { metadata: metadata() })).rejects.toThrow();
    expect(await countEvents(stream)).toBe(0);
    await expect(store.append(stream, 'no_stream', [], { metadata: metadata() })).rejects.toThrow(/at least one event/);
  });

  it('executes a command id once and returns the first result to a repeat', async () => {
    const stream = `s-${randomUUID()}`;
    const commandId = randomUUID();
    const first = await store.append(stream, 'no_stream', [event(1), event(2)], { metadata: metadata(), commandId, fingerprint: 'f1' });
    const again = await store.append(stream, 'no_stream', [event(1), event(2)], { metadata: metadata(), commandId, fingerprint: 'f1' });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await countEvents(stream)).toBe(2);
    expect((await store.readStream(stream))[0].metadata.commandId).toBe(commandId);
    await expect(
      store.append(stream, 2, [event(9)], { metadata: metadata(), commandId, fingerprint: 'other' }),
    ).rejects.toBeInstanceOf(CommandIdReusedError);
    expect(await countEvents(stream)).toBe(2);
  });

  it('lets only one of many concurrent requests with the same command id append, even on different streams', async () => {
    const commandId = randomUUID();
    const streams = Array.from({ length: 12 }, () => `s-${randomUUID()}`);
    const results = await Promise.all(
      streams.map((stream) => store.append(stream, 'no_stream', [event(1)], { metadata: metadata(), commandId, fingerprint: 'f' })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const winner = results.find((r) => !r.duplicate)!;
    for (const result of results) expect({ ...result, duplicate: false }).toEqual(winner);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1)', [streams]);
    expect(rows[0].n).toBe(1);
  });

  it('lets exactly one of N writers with the same expected version win; the rest get the current version', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(0)], { metadata: metadata() });
    const writers = 16;
    const outcomes = await Promise.allSettled(
      Array.from({ length: writers }, (_, i) => store.append(stream, 1, [event(i)], { metadata: metadata(`w${i}`) })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(writers - 1);
    for (const loss of lost) {
      expect(loss.reason).toBeInstanceOf(ConcurrencyError);
      expect(loss.reason.currentVersion).toBe(2);
    }
    expect((await store.readStream(stream)).map((e) => e.version)).toEqual([1, 2]);
  });

  it('keeps every append of concurrent writers with expected version any, versions contiguous', async () => {
    const stream = `s-${randomUUID()}`;
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(stream, 'any', [event(i)], { metadata: metadata() })));
    const events = await store.readStream(stream);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.data as { n: number }).n)).size).toBe(40);
  });

  it('never refuses an append at any version, even racing appends at exact versions', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(0)], { metadata: metadata() });
    const exact = async () => {
      for (let i = 0; i < 20; i += 1) {
        const version = await store.streamVersion(stream);
        await store.append(stream, version, [event(i)], { metadata: metadata() }).catch((e) => {
          if (!(e instanceof ConcurrencyError)) throw e;
        });
      }
    };
    const any = Array.from({ length: 30 }, (_, i) => store.append(stream, 'any', [event(100 + i)], { metadata: metadata() }));
    await Promise.all([exact(), exact(), ...any]);
    const events = await store.readStream(stream);
    expect(events.map((e) => e.version)).toEqual(events.map((_, k) => k + 1));
    expect(events.filter((e) => (e.data as { n: number }).n >= 100)).toHaveLength(30);
  });

  it('reads a stream as of a past version and a past instant', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(1), event(2)], { metadata: metadata() });
    const [second] = (await store.readStream(stream)).slice(-1);
    await new Promise((r) => setTimeout(r, 20));
    await store.append(stream, 2, [event(3)], { metadata: metadata() });
    expect((await store.readStream(stream, { toVersion: 1 })).map((e) => e.version)).toEqual([1]);
    expect((await store.readStream(stream, { recordedAtOrBefore: second.recordedAt })).map((e) => e.version)).toEqual([1, 2]);
    expect(await store.readStream(stream, { recordedAtOrBefore: new Date(second.recordedAt.getTime() - 1) })).toEqual([]);
    expect(await store.streamVersion(stream)).toBe(3);
    expect(await store.streamVersion(`missing-${randomUUID()}`)).toBe(0);
  });

  it('upcasts old shapes on read and never rewrites them', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [{ type: 'thing.renamed', data: { title: '旧名' } }], { metadata: metadata() });
    const upcasters = new EventUpcasters([
      { type: 'thing.renamed', fromSchemaVersion: 1, upcast: (data) => ({ name: (data as { title: string }).title }) },
      { type: 'thing.renamed', fromSchemaVersion: 2, upcast: (data) => ({ ...(data as object), language: 'zh' }) },
    ]);
    const newer = new EventStore(db.pool, upcasters);
    await newer.append(stream, 1, [{ type: 'thing.renamed', data: { name: '新名', language: 'zh' } }], { metadata: metadata() });
    const events = await newer.readStream(stream);
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [3, { name: '旧名', language: 'zh' }],
      [3, { name: '新名', language: 'zh' }],
    ]);
    const { rows } = await db.pool.query('SELECT schema_version, data FROM events WHERE stream_id = $1 ORDER BY version', [stream]);
    expect(rows).toEqual([
      { schema_version: 1, data: { title: '旧名' } },
      { schema_version: 3, data: { name: '新名', language: 'zh' } },
    ]);
  });

  it('refuses every update, delete or truncate of events and commands', async () => {
    const stream = `s-${randomUUID()}`;
    await store.append(stream, 'no_stream', [event(1)], { metadata: metadata(), commandId: randomUUID() });
    for (const sql of [
      `UPDATE events SET data = '{}' WHERE stream_id = '${stream}'`,
      `DELETE FROM events WHERE stream_id = '${stream}'`,
      'TRUNCATE events CASCADE',
      `UPDATE commands SET fingerprint = 'x'`,
      'DELETE FROM commands',
      'TRUNCATE commands',
    ]) {
      await expect(db.pool.query(sql)).rejects.toMatchObject({ code: 'TZ403' });
    }
    expect(await countEvents(stream)).toBe(1);
  });
});
