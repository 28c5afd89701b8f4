import { ReadModelMemo } from './read-model-memo.js';

describe('ReadModelMemo', () => {
  it('answers a known key without reading again, and forgets the least recently used first', async () => {
    const memo = new ReadModelMemo(2);
    let reads = 0;
    const read = (value: string) => () => Promise.resolve(`${value}#${++reads}`);
    expect(await memo.get('a', read('a'))).toBe('a#1');
    expect(await memo.get('a', read('a'))).toBe('a#1');
    await memo.get('b', read('b'));
    await memo.get('a', read('a')); // a is now the most recently used
    await memo.get('c', read('c')); // so b goes
    expect(await memo.get('a', read('a'))).toBe('a#1');
    expect(await memo.get('b', read('b'))).toBe('b#4');
  });

  it('shows a made answer to peek, but neither one still being read nor one never asked for', async () => {
    const memo = new ReadModelMemo(2);
    let finish: (value: string) => void = () => undefined;
    const pending = memo.get('slow', () => new Promise<string>((resolve) => (finish = resolve)));
    expect(memo.peek('slow')).toBeUndefined();
    finish('done');
    await pending;
    expect(memo.peek('slow')).toBe('done');
    expect(memo.peek('never')).toBeUndefined();
  });

  it('does not keep a failed read, and keeps nothing at capacity 0', async () => {
    const memo = new ReadModelMemo(5);
    await expect(memo.get('k', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await memo.get('k', () => Promise.resolve('fresh'))).toBe('fresh');
    const off = new ReadModelMemo(0);
    let reads = 0;
    await off.get('k', async () => ++reads);
    await off.get('k', async () => ++reads);
    expect(reads).toBe(2);
  });
});
