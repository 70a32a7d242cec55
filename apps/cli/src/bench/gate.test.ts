import { type AttentionVariant, attentionShapeOf, randn } from '@attnkit/core';
import { full } from '@attnkit/full';
import { flatRows, rowSet } from '@attnkit/metrics';
import { sparse } from '@attnkit/sparse';
import { describe, expect, it } from 'vitest';
import {
  EXACT_TOLERANCE,
  exactAnswer,
  gateOutput,
  gateRows,
  hasOwnMask,
  maxAbsDiff,
} from './gate.ts';

const inputs = (n: number, h = 2, hkv = 1, d = 16) => ({
  q: randn([1, h, n, d], 1),
  k: randn([1, hkv, n, d], 2),
  v: randn([1, hkv, n, d], 3),
});

describe('gateRows', () => {
  const shape = (n: number) =>
    attentionShapeOf(randn([1, 2, n, 4], 1), randn([1, 1, n, 4], 2), randn([1, 1, n, 4], 3));

  it('checks every row up to N = 1024', () => {
    expect([...gateRows(shape(300), true)]).toEqual([...Array(600).keys()]);
  });

  it("beyond, checks metrics' row set in every head plus each head's last row", () => {
    const n = 4096;
    const rows = gateRows(shape(n), true);
    const set = flatRows(rowSet(n, true), 2);
    expect(rows.length).toBe(set.length + 2);
    for (const r of set) expect(rows).toContain(r);
    expect(rows).toContain(n - 1);
    expect(rows).toContain(2 * n - 1);
  });
});

/** full, with every output nudged: a variant that claims exactness and misses it. */
function nudged(by: number): AttentionVariant {
  const base = full();
  return {
    ...base,
    forward: (q, k, v, o) => {
      const out = base.forward(q, k, v, o);
      out.data[5] += by;
      return out;
    },
  };
}

describe('gateOutput', () => {
  const { q, k, v } = inputs(200);
  const answer = exactAnswer(q, k, v, true, null);

  it('passes an exact variant against float64 on every row at small N', () => {
    const out = full().forward(q, k, v, { causal: true }).data;
    const gate = gateOutput(full(), { q, k, v }, out, true, answer);
    expect(gate).toMatchObject({ reference: 'float64', mask: 'none', passed: true, rows: 400 });
    expect(gate.maxAbsError).toBeLessThan(EXACT_TOLERANCE);
  });

  it('fails an exact variant off by 1e-3', () => {
    const bad = nudged(1e-3);
    const gate = gateOutput(
      bad,
      { q, k, v },
      bad.forward(q, k, v, { causal: true }).data,
      true,
      answer,
    );
    expect(gate.passed).toBe(false);
    expect(gate.maxAbsError).toBeGreaterThan(9e-4);
  });

  it('records an approximate variant without a verdict', () => {
    const approx = { ...nudged(0.1), traits: { ...full().traits, exact: false } };
    const gate = gateOutput(
      approx,
      { q, k, v },
      approx.forward(q, k, v, { causal: true }).data,
      true,
      answer,
    );
    expect(gate.passed).toBeNull();
    expect(gate.tolerance).toBeNull();
    expect(gate.maxAbsError).toBeGreaterThan(0.09);
  });

  it('gates a masked exact variant (fewer pairs in cost()) under its own support', () => {
    const s = sparse({ pattern: 'bigbird', block: 16 } as never);
    const big = inputs(256, 1, 1, 16);
    const shape = attentionShapeOf(big.q, big.k, big.v);
    expect(hasOwnMask(s, shape, false)).toBe(true);
    expect(hasOwnMask(full(), shape, false)).toBe(false);
    const out = s.forward(big.q, big.k, big.v).data;
    const bigAnswer = exactAnswer(big.q, big.k, big.v, false, null);
    const gate = gateOutput(s, big, out, false, bigAnswer);
    expect(gate.mask).toBe('own');
    expect(gate.passed).toBe(true);
    // …while it is not plain softmax attention: its error against that is far above tolerance.
    expect(maxAbsDiff(out, 16, bigAnswer.rows).maxAbsError).toBeGreaterThan(1e-2);
  });

  it('reads a CSR support once per shape and causal mode and reuses it for other inputs', () => {
    const s = sparse({ pattern: 'bigbird', block: 16 } as never);
    let calls = 0;
    const counted: AttentionVariant = {
      ...s,
      weights: (q, k, o) => {
        calls++;
        return s.weights?.(q, k, o) as ReturnType<NonNullable<AttentionVariant['weights']>>;
      },
    };
    for (const seed of [4, 5]) {
      const x = {
        q: randn([1, 1, 256, 16], seed),
        k: randn([1, 1, 256, 16], seed + 10),
        v: randn([1, 1, 256, 16], 3),
      };
      const a = exactAnswer(x.q, x.k, x.v, true, null);
      const gate = gateOutput(counted, x, s.forward(x.q, x.k, x.v, { causal: true }).data, true, a);
      expect(gate.passed).toBe(true);
    }
    expect(calls).toBe(1);
  });

  it('checks every row against the baseline output beyond float64 sizes, within twice the tolerance', () => {
    const big = inputs(1500, 1, 1, 16);
    const base = full().forward(big.q, big.k, big.v).data;
    const answer = exactAnswer(big.q, big.k, big.v, false, { label: 'full', forward: () => base });
    expect(answer.rows.rows.length).toBeLessThan(1500);
    const unsampled = [...Array(1500).keys()].find((r) => !answer.rows.rows.includes(r)) as number;
    const shifted = (by: number) => {
      const out = Float32Array.from(base);
      out[unsampled * 16] += by;
      return gateOutput(full(), big, out, false, answer);
    };
    expect(shifted(3e-5).passed).toBe(true);
    const bad = shifted(5e-5);
    expect(bad.passed).toBe(false);
    expect(bad.note).toMatch(/max \|diff\| 5\.\d+e-5/);
  });
});
