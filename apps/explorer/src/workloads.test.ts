import { describe, expect, it } from 'vitest';
import { makeWorkload, toyTokens, WORKLOAD_NAMES } from './workloads.ts';

const params = { n: 64, heads: 2, headDim: 16, causal: false, seed: 3 };

/** Mean over queries of q_i·k_j at |i − j| = distance. */
function meanScore(w: ReturnType<typeof makeWorkload>, distance: number): number {
  const { n, headDim: D } = params;
  let sum = 0;
  let count = 0;
  for (let i = 0; i + distance < n; i++) {
    let dot = 0;
    for (let d = 0; d < D; d++) dot += w.q.data[i * D + d] * w.k.data[(i + distance) * D + d];
    sum += dot;
    count++;
  }
  return sum / count;
}

describe('workloads', () => {
  it.each(WORKLOAD_NAMES)('%s: q, k, v [1, H, N, D], finite and seeded', (name) => {
    const a = makeWorkload(name, params);
    const b = makeWorkload(name, params);
    for (const t of [a.q, a.k, a.v]) {
      expect(t.shape).toEqual([1, 2, 64, 16]);
      expect(t.data.every(Number.isFinite)).toBe(true);
    }
    expect(a.q.data).toEqual(b.q.data);
  });

  it('local: nearby keys score higher than far ones', () => {
    const w = makeWorkload('local', params);
    expect(meanScore(w, 0)).toBeGreaterThan(meanScore(w, 24) + 1);
  });

  it('text: equal tokens score higher than different ones', () => {
    const w = makeWorkload('text', params);
    const tokens = w.tokens!;
    let same = 0;
    let sameCount = 0;
    let other = 0;
    let otherCount = 0;
    for (let i = 0; i < 64; i++)
      for (let j = 0; j < 64; j++) {
        let dot = 0;
        for (let d = 0; d < 16; d++) dot += w.q.data[i * 16 + d] * w.k.data[j * 16 + d];
        if (tokens[i] === tokens[j]) {
          same += dot;
          sameCount++;
        } else {
          other += dot;
          otherCount++;
        }
      }
    expect(same / sameCount).toBeGreaterThan(other / otherCount + 5);
  });

  it('toyTokens repeats phrases (the copies an induction head would follow)', () => {
    const tokens = toyTokens(400, 1);
    const seen = new Set<string>();
    let repeated = 0;
    for (let i = 0; i + 6 <= tokens.length; i++) {
      const phrase = tokens.slice(i, i + 6).join();
      if (seen.has(phrase)) repeated++;
      seen.add(phrase);
    }
    expect(repeated).toBeGreaterThan(0);
  });
});
