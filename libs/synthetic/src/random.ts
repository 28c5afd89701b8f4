import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Choices with relative weights, e.g. [['新建', 50], ['扩建', 12]]. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** A seeded source of random choices (xoroshiro128+): the same seed gives the same sequence. */
export class Random {
  private constructor(private readonly rng: RandomGenerator) {}

  static seeded(seed: number): Random {
    return new Random(xoroshiro128plus(seed));
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  /** A number in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  weighted<T>(choices: Weighted<T>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.float() * total;
    for (const [choice, weight] of choices) {
      target -= weight;
      if (target < 0) return choice;
    }
    return choices[choices.length - 1][0];
  }
}
