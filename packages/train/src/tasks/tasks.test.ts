import { describe, expect, it } from 'vitest';
import { copyTask } from './copy.ts';
import { mqar } from './mqar.ts';

describe('mqar (Zoology multiquery_ar)', () => {
  const task = mqar({ length: 64, pairs: 8, vocab: 64 });

  it('pairs first, every key queried once later, target = its value', () => {
    const { tokens, targets } = task.sample(16, 7);
    for (let b = 0; b < 16; b++) {
      const seq = tokens.subarray(b * 64, (b + 1) * 64);
      const tgt = targets.subarray(b * 64, (b + 1) * 64);
      const kv = new Map<number, number>();
      for (let i = 0; i < 8; i++) {
        expect(seq[2 * i]).toBeGreaterThanOrEqual(1);
        expect(seq[2 * i]).toBeLessThan(32);
        expect(seq[2 * i + 1]).toBeGreaterThanOrEqual(32);
        kv.set(seq[2 * i], seq[2 * i + 1]);
      }
      expect(kv.size).toBe(8);
      expect(new Set([...kv.values()]).size).toBe(8);
      const queried: number[] = [];
      tgt.forEach((t, n) => {
        if (t < 0) return;
        expect(n).toBeGreaterThanOrEqual(16);
        expect((n - 16) % 2).toBe(0);
        expect(kv.get(seq[n])).toBe(t);
        queried.push(seq[n]);
      });
      expect(queried.sort()).toEqual([...kv.keys()].sort());
      expect(Math.max(...seq)).toBeLessThan(64);
    }
  });

  it('is seeded: same seed same batch, another seed another', () => {
    expect(task.sample(4, 1)).toEqual(task.sample(4, 1));
    expect(task.sample(4, 2).tokens).not.toEqual(task.sample(4, 1).tokens);
  });

  it('small power-law exponent favours short gaps', () => {
    const { targets } = task.sample(400, 3);
    const gaps: number[] = [];
    targets.forEach((t, i) => {
      if (t >= 0) gaps.push(((i % 64) - 16) / 2);
    });
    const short = gaps.filter((g) => g < 8).length / gaps.length;
    // 8 of 24 gaps drawn uniformly would put 1/3 below 8.
    expect(short).toBeGreaterThan(0.45);
    expect(Math.max(...gaps)).toBeLessThan(24);
  });

  it('refuses impossible knobs with typed errors', () => {
    expect(() => mqar({ length: 64, pairs: 40, vocab: 64 })).toThrow(/mqar.pairs/);
    expect(() => mqar({ length: 20, pairs: 8, vocab: 64 })).toThrow(/mqar.length/);
  });
});

describe('copy', () => {
  it('second half repeats the first; targets are the next token there', () => {
    const task = copyTask({ length: 10, vocab: 5 });
    const { tokens, targets } = task.sample(2, 1);
    for (let n = 5; n < 10; n++) expect(tokens[n]).toBe(tokens[n - 5]);
    expect(Array.from(targets.subarray(0, 10))).toEqual([
      -1,
      -1,
      -1,
      -1,
      -1,
      ...Array.from(tokens.subarray(6, 10)),
      -1,
    ]);
    expect(Math.min(...tokens)).toBeGreaterThanOrEqual(1);
  });
});
