// Seeded randomness for the chaos schedule: the same seed gives the same kill times, outcome mix
// and fault dice, so a failing run can be replayed with CHAOS_SEED.
import { seededRandom } from '../../src/lib/seeded-random';

export type Rng = () => number;

/** Seeded: the same seed replays the same schedule. */
export const rng = (seed: number): Rng => seededRandom(seed);

export const uniform = (r: Rng, min: number, max: number): number => min + r() * (max - min);

export function shuffle<T>(r: Rng, items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** `count` instants in [from, to], sorted, at least `gap` apart (rejection sampling). */
export function spacedTimes(r: Rng, count: number, from: number, to: number, gap: number): number[] {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const t = Array.from({ length: count }, () => uniform(r, from, to)).sort((a, b) => a - b);
    if (t.every((v, i) => i === 0 || v - t[i - 1] >= gap)) return t.map(Math.round);
  }
  throw new Error(`cannot place ${count} events ${gap} ms apart in [${from}, ${to}]`);
}
