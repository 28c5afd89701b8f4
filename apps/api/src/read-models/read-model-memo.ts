/**
 * Answers of read-model queries, kept by a key that includes the log position they reflect and
 * the day they are judged on: the rows at a position never change, so an answer stays right
 * until the projection moves (then the key changes). Least recently used answers go first.
 */
export class ReadModelMemo {
  private readonly answers = new Map<string, { answer: Promise<unknown>; value?: unknown }>();

  constructor(private readonly capacity: number) {}

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.capacity === 0) return compute();
    const known = this.answers.get(key);
    if (known) {
      this.answers.delete(key);
      this.answers.set(key, known);
      return known.answer as Promise<T>;
    }
    const entry: { answer: Promise<T>; value?: T } = { answer: compute() };
    entry.answer.then(
      (value) => {
        entry.value = value;
      },
      () => this.answers.delete(key),
    );
    this.answers.set(key, entry);
    if (this.answers.size > this.capacity) this.answers.delete(this.answers.keys().next().value!);
    return entry.answer;
  }

  /** The answer kept for the key if it is already made; never starts a read. */
  peek<T>(key: string): T | undefined {
    return this.answers.get(key)?.value as T | undefined;
  }
}
