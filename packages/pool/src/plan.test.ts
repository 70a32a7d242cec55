import { describe, expect, it } from 'vitest';
import { type PlanInput, planTasks, rowBlocks } from './plan.ts';

const input = (over: Partial<PlanInput>): PlanInput => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: 4096,
  keyLength: 4096,
  causal: false,
  keyLengths: [4096],
  ...over,
});

/** How many times each (b, h, row) is computed: must be once each, or 0 for rows with no key. */
function coverage(call: PlanInput, tasks: ReturnType<typeof planTasks>): Int32Array {
  const seen = new Int32Array(call.batch * call.heads * call.queryLength);
  for (const task of tasks)
    for (const c of task) {
      expect(c.heads).toBe(c.kvHeads * (call.heads / call.kvHeads));
      expect(c.head0).toBe(c.kvHead0 * (call.heads / call.kvHeads));
      for (let h = c.head0; h < c.head0 + c.heads; h++)
        for (let i = c.i0; i < c.i1; i++) seen[(c.b * call.heads + h) * call.queryLength + i]++;
    }
  return seen;
}

describe('planTasks', () => {
  it('splits B·H = 8 into runs of whole kv groups when they divide among the workers', () => {
    const call = input({
      batch: 2,
      heads: 8,
      kvHeads: 4,
      queryLength: 64,
      keyLength: 64,
      keyLengths: [64, 64],
    });
    for (const threads of [1, 2, 4, 8]) {
      const tasks = planTasks(call, threads, 64);
      expect(tasks.length).toBe(threads);
      expect(coverage(call, tasks).every((n) => n === 1)).toBe(true);
    }
    // 8 units on 3 workers, rows too few to cut (N = one align block): one task per unit.
    expect(planTasks(call, 3, 64)).toHaveLength(8);
    const long = { ...call, queryLength: 3072, keyLength: 3072, keyLengths: [3072, 3072] };
    const tasks = planTasks(long, 3, 64);
    expect(tasks.length).toBe(24); // each of 8 units cut in 3 blocks of 1024 rows
    expect(tasks.every((t) => t[0].i1 - t[0].i0 === 1024)).toBe(true);
    expect(coverage(long, tasks).every((n) => n === 1)).toBe(true);
  });

  it('balances units that do not divide among the workers by cutting their rows', () => {
    const call = input({ heads: 3, kvHeads: 3, keyLengths: [4096] });
    expect(planTasks(call, 2, 0)).toHaveLength(2); // 2 heads and 1 without splitting
    const tasks = planTasks(call, 2, 64);
    expect(tasks).toHaveLength(6);
    expect(coverage(call, tasks).every((n) => n === 1)).toBe(true);
    const rows = tasks.map((t) => t[0].i1 - t[0].i0);
    expect(rows).toEqual([2048, 2048, 2048, 2048, 2048, 2048]);
  });

  it('cuts one head into aligned query blocks, and only when allowed', () => {
    const call = input({});
    expect(planTasks(call, 2, 0)).toHaveLength(1);
    const tasks = planTasks(call, 2, 64);
    expect(tasks.map((t) => [t[0].i0, t[0].i1])).toEqual([
      [0, 2048],
      [2048, 4096],
    ]);
    expect(coverage(call, planTasks(call, 3, 64)).every((n) => n === 1)).toBe(true);
  });

  it('gives causal blocks equal work and only the keys they can see', () => {
    const call = input({ causal: true });
    const [a, b] = planTasks(call, 2, 64).map((t) => t[0]);
    // Row i sees i + 1 keys: equal halves of the triangle cut near N / √2.
    expect(a.i1).toBe(Math.round(4096 / Math.SQRT2 / 64) * 64);
    expect(a.keyEnd).toBe(a.i1);
    expect(b.keyEnd).toBe(4096);
  });

  it('skips rows that see no key (causal, Nq > Nk) and keeps padding in the work', () => {
    // Rows 0..289 see no key; the cut rounds down to 256, so [0, 256) is not run at all.
    const call = input({ causal: true, queryLength: 300, keyLength: 10, keyLengths: [10] });
    const tasks = planTasks(call, 2, 256);
    expect(tasks.map((t) => [t[0].i0, t[0].i1, t[0].keyEnd])).toEqual([[256, 300, 10]]);
    const seen = coverage(call, tasks);
    for (let i = 0; i < 300; i++) expect(seen[i]).toBe(i < 256 ? 0 : 1);
    const blocks = rowBlocks(input({ keyLengths: [10] }), 0, 4, 1);
    expect(blocks.map(([i0, i1]) => i1 - i0)).toEqual([1024, 1024, 1024, 1024]);
  });

  it('cuts where a row-by-row count of visible keys would (core visiblePairCount, binary search)', () => {
    // The naive cut: walk the rows summing each one's visible keys.
    const naive = (call: PlanInput, pieces: number, align: number) => {
      const visible = (i: number) =>
        call.causal
          ? Math.max(0, Math.min(call.keyLengths[0], i + call.keyLength - call.queryLength + 1))
          : call.keyLengths[0];
      let total = 0;
      for (let i = 0; i < call.queryLength; i++) total += visible(i);
      const cuts = [0];
      let done = 0;
      let row = 0;
      for (let p = 1; p < pieces; p++) {
        while (row < call.queryLength && done + visible(row) <= (total * p) / pieces)
          done += visible(row++);
        const cut = Math.min(call.queryLength, Math.round(row / align) * align);
        if (cut > cuts[cuts.length - 1] && cut < call.queryLength) cuts.push(cut);
      }
      return [...cuts, call.queryLength];
    };
    for (const [nq, nk, len] of [
      [1000, 1000, 1000],
      [300, 10, 10],
      [10, 300, 200],
      [777, 1024, 900],
      [4096, 4096, 4096],
    ])
      for (const causal of [false, true])
        for (const [pieces, align] of [
          [2, 1],
          [3, 16],
          [4, 64],
          [7, 1],
        ]) {
          const call = input({ causal, queryLength: nq, keyLength: nk, keyLengths: [len] });
          const cuts = [0, ...rowBlocks(call, 0, pieces, align).map(([, i1]) => i1)];
          expect(cuts).toEqual(naive(call, pieces, align));
        }
  });
});
