/** Turns the data of one schema version of an event type into the next version's shape. */
export interface Upcaster {
  type: string;
  fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

/**
 * Old shapes stay in the log as written; readers see the latest shape.
 * The current schema version of a type is one more than its newest upcaster's source.
 */
export class EventUpcasters {
  private readonly byKey = new Map<string, Upcaster>();
  private readonly current = new Map<string, number>();

  constructor(upcasters: Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): void {
    const key = `${upcaster.type}@${upcaster.fromSchemaVersion}`;
    if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
    this.byKey.set(key, upcaster);
    this.current.set(upcaster.type, Math.max(this.currentSchemaVersion(upcaster.type), upcaster.fromSchemaVersion + 1));
  }

  currentSchemaVersion(type: string): number {
    return this.current.get(type) ?? 1;
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let shaped = data;
    for (let next = this.byKey.get(`${type}@${version}`); next; next = this.byKey.get(`${type}@${version}`)) {
      shaped = next.upcast(shaped);
      version += 1;
    }
    return { schemaVersion: version, data: shaped };
  }
}
