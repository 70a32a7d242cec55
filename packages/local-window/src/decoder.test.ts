import { AttentionError, randn, type Tensor, t5Bias } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import type { LocalWindowConfig } from './config.ts';
import { localWindow } from './local-window.ts';

const step = (t: Tensor, i: number): Tensor => {
  const [B, H, N, D] = t.shape;
  const data = new Float32Array(B * H * D);
  for (let bh = 0; bh < B * H; bh++)
    data.set(t.data.subarray((bh * N + i) * D, (bh * N + i + 1) * D), bh * D);
  return { data, shape: [B, H, 1, D] };
};

/** Decodes all T tokens and returns the stepped output laid out like the forward's. */
function decodeAll(config: LocalWindowConfig, q: Tensor, k: Tensor, v: Tensor, scale?: number) {
  const [B, H, T, D] = q.shape;
  const Dv = v.shape[3];
  const dec = localWindow(config).decoder(
    { batch: B, heads: H, kvHeads: k.shape[1], headDim: D, valueDim: Dv },
    { scale },
  );
  const out = new Float32Array(B * H * T * Dv);
  for (let i = 0; i < T; i++) {
    const o = dec.step(step(q, i), step(k, i), step(v, i));
    for (let bh = 0; bh < B * H; bh++)
      out.set(o.data.subarray(bh * Dv, (bh + 1) * Dv), (bh * T + i) * Dv);
  }
  return { out, dec };
}

for (const backend of backendChoices()) {
  describe(`ring-buffer decoder (${backend})`, () => {
    const T = 300;
    const q = randn([1, 4, T, 8], 1);
    const k = randn([1, 2, T, 8], 2);
    const v = randn([1, 2, T, 6], 3);
    for (const config of [
      { window: 1 },
      { window: 5 },
      { left: 7, right: 3, dilation: 3 },
      { window: 0 },
      { window: 1000 },
    ])
      it(`${JSON.stringify(config)}: ${T} steps equal the causal forward`, () => {
        const { out, dec } = decodeAll({ ...config, backend }, q, k, v, 0.3);
        const forward = localWindow({ ...config, backend }).forward(q, k, v, {
          causal: true,
          scale: 0.3,
        });
        assertClose(out, forward.data, { atol: 2e-5, rtol: 1e-5 });
        expect(dec.position).toBe(T);
      });

    it('memory stays at left·dilation + 1 slots per kv head however long the decode', () => {
      const { dec } = decodeAll({ left: 7, right: 3, dilation: 3, backend }, q, k, v);
      expect(dec.capacity).toBe(7 * 3 + 1);
      // A window wider than the decode never reserves the window: the ring grows with use.
      const wide = decodeAll({ window: 1_000_000, backend }, q, k, v).dec;
      expect(wide.capacity).toBeLessThanOrEqual(2 * T);
    });

    it('reset() starts a new sequence', () => {
      const { dec } = decodeAll({ window: 4, backend }, q, k, v);
      dec.reset();
      expect(dec.position).toBe(0);
      const first = dec.step(step(q, 0), step(k, 0), step(v, 0));
      // One key visible: the output is that key's value row.
      assertClose(first.data.subarray(0, 6), v.data.subarray(0, 6));
    });

    it('refuses a step of the wrong shape, and a score bias of the wrong size', () => {
      const dec = localWindow({ backend }).decoder({
        batch: 1,
        heads: 4,
        kvHeads: 2,
        headDim: 8,
        valueDim: 6,
      });
      expect(() => dec.step(step(q, 0), step(q, 0), step(v, 0))).toThrow(AttentionError);
      const shape = { batch: 1, heads: 1, kvHeads: 1, headDim: 2, valueDim: 2 };
      expect(() =>
        localWindow({ window: 3, backend }).decoder(shape, {
          scoreBias: { kind: 'alibi', slopes: new Float32Array(2) },
        }),
      ).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    });

    const biases = [
      { kind: 'alibi' as const, slopes: Float32Array.from([0.5, 0.25, 0.1, 0]) },
      t5Bias({ heads: 4, maxDistance: 7, seed: 5 }),
      {
        kind: 'function' as const,
        fn: (_b: number, h: number, i: number, j: number) => 0.01 * h * Math.sin(i - 2 * j),
      },
    ];
    for (const [config, scoreBias] of [
      [{ window: 5 }, biases[0]],
      [{ left: 4, right: 2, dilation: 3 }, biases[0]],
      [{ left: 4, right: 2, dilation: 3 }, biases[1]],
      [{ window: 3, dilation: 2 }, biases[2]],
    ] as const)
      it(`${scoreBias.kind} bias, ${JSON.stringify(config)}: decoder steps equal the causal forward`, () => {
        const variant = localWindow({ ...config, backend });
        const forward = variant.forward(q, k, v, { causal: true, scoreBias });
        const dec = variant.decoder(
          { batch: 1, heads: 4, kvHeads: 2, headDim: 8, valueDim: 6 },
          { scoreBias },
        );
        const out = new Float32Array(forward.data.length);
        for (let i = 0; i < T; i++) {
          const o = dec.step(step(q, i), step(k, i), step(v, i));
          for (let bh = 0; bh < 4; bh++)
            out.set(o.data.subarray(bh * 6, (bh + 1) * 6), (bh * T + i) * 6);
        }
        assertClose(out, forward.data, { atol: 2e-5, rtol: 1e-5 });
      });
  });
}
