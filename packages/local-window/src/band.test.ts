import { randn, referenceAttention } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import { localWindow } from './local-window.ts';
import { bandMask, naiveLocalWindow } from './naive.ts';

const N = 150;
const q = randn([1, 2, N, 24], 11);
const k = randn([1, 2, N, 24], 12);
const v = randn([1, 2, N, 16], 13);
const shape = { queryLength: N, keyLength: N };
const WINDOWS = [1, 2, 7, 64, N - 1, N, N + 50, 1_000_000];

for (const backend of backendChoices()) {
  describe(`band equals the reference under the dense band mask (${backend})`, () => {
    for (const window of WINDOWS)
      for (const dilation of [1, 3])
        for (const causal of [false, true])
          it(`window ${window}, dilation ${dilation}, causal ${causal}`, () => {
            const band = { left: window, right: window, dilation };
            const out = localWindow({ window, dilation, block: 32, backend }).forward(q, k, v, {
              causal,
            });
            const ref = referenceAttention(q, k, v, { causal, mask: bandMask(shape, band) });
            assertClose(out.data, ref.output.data, { atol: 2e-5 });
            // Trust chain: the naive band loop equals the reference too.
            assertClose(naiveLocalWindow(q, k, v, band, { causal }).data, ref.output.data, {
              atol: 1e-12,
            });
          });

    it('a window >= N is full attention (no extra mask at all)', () => {
      for (const causal of [false, true]) {
        const out = localWindow({ window: N, backend }).forward(q, k, v, { causal });
        assertClose(out.data, referenceAttention(q, k, v, { causal }).output.data);
        const dilatedWide = localWindow({ window: N, dilation: 1, block: 7, backend });
        assertClose(
          dilatedWide.forward(q, k, v, { causal }).data,
          referenceAttention(q, k, v, { causal }).output.data,
        );
      }
    });

    it('long sequence with tiles wholly inside the band (N = 700, window 200, block 32)', () => {
      const n = 700;
      const ql = randn([1, 1, n, 32], 21);
      const kl = randn([1, 1, n, 32], 22);
      const vl = randn([1, 1, n, 32], 23);
      for (const [left, right] of [
        [200, 200],
        [200, 0],
        [37, 150],
      ]) {
        const band = { left, right, dilation: 1 };
        const out = localWindow({ left, right, block: 32, backend }).forward(ql, kl, vl);
        const ref = referenceAttention(ql, kl, vl, {
          mask: bandMask({ queryLength: n, keyLength: n }, band),
        });
        assertClose(out.data, ref.output.data);
      }
    });

    it('asymmetric dilated band with padding and GQA', () => {
      const qg = randn([2, 4, 90, 8], 31);
      const kg = randn([2, 2, 90, 8], 32);
      const vg = randn([2, 2, 90, 8], 33);
      const band = { left: 4, right: 2, dilation: 5 };
      const options = { keyLengths: [90, 41] };
      const out = localWindow({ ...band, block: 6, backend }).forward(qg, kg, vg, options);
      const ref = referenceAttention(qg, kg, vg, {
        ...options,
        mask: bandMask({ queryLength: 90, keyLength: 90 }, band),
      });
      assertClose(out.data, ref.output.data);
    });
  });
}

describe('cross-attention alignment: query i sits at key position i + Nk − Nq', () => {
  it('Nq = 3, Nk = 8, window 1: query 0 (position 5) sees keys 4, 5, 6', () => {
    const w = localWindow({ window: 1 }).weights(randn([1, 1, 3, 4], 1), randn([1, 1, 8, 4], 2));
    if (w.kind !== 'csr') throw new Error('expected CSR weights');
    const rows = [0, 1, 2].map((i) => [...w.colIdx.subarray(w.rowPtr[i], w.rowPtr[i + 1])]);
    expect(rows).toEqual([
      [4, 5, 6],
      [5, 6, 7],
      [6, 7],
    ]);
  });
  it('Nq > Nk: queries before key 0 (negative positions) beyond the window get zeros', () => {
    const out = localWindow({ window: 2 }).forward(
      randn([1, 1, 10, 4], 1),
      randn([1, 1, 4, 4], 2),
      randn([1, 1, 4, 4], 3),
    );
    // Query i sits at position i − 6: queries 0..3 (positions −6..−3) see no key.
    expect(out.data.subarray(0, 4 * 4).every((x) => x === 0)).toBe(true);
    expect(out.data.subarray(4 * 4, 5 * 4).some((x) => x !== 0)).toBe(true);
  });
});
