import { assertClose, makeInputs } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe, expect, it } from 'vitest';
import {
  bigbird,
  custom,
  fixed,
  fromMask,
  global,
  intersect,
  longformer,
  naiveSparse,
  type Pattern,
  random,
  sparse,
  strided,
  union,
} from './index.ts';

/** Every pattern, built for block size b and length n (custom needs the block counts). */
const PATTERNS: { name: string; make: (b: number, nq: number, nk: number) => Pattern }[] = [
  {
    name: 'bigbird',
    make: () => bigbird({ window: 3, globalBlocks: 1, randomBlocks: 2, seed: 5 }),
  },
  { name: 'bigbird per head', make: () => bigbird({ perHead: true, seed: 9 }) },
  { name: 'longformer + tokens', make: () => longformer({ window: 3, globalTokens: [3, 70] }) },
  { name: 'strided', make: () => strided({ stride: 3 }) },
  { name: 'fixed', make: () => fixed({ stride: 3, summary: 1 }) },
  { name: 'random', make: () => random({ randomBlocks: 2, seed: 1 }) },
  { name: 'global', make: () => global({ globalBlocks: [1] }) },
  {
    name: 'custom',
    make: (b, nq, nk) => {
      const rows = Math.ceil(nq / b);
      const cols = Math.ceil(nk / b);
      return custom(
        Array.from({ length: rows }, (_, i) =>
          Array.from({ length: cols }, (_, j) => (i * 7 + j * 3) % 4 === 0 || i === j),
        ),
      );
    },
  },
  { name: 'fromMask', make: (b) => fromMask((i, j) => (i ^ j) % 5 < 2 || Math.abs(i - j) < 3, b) },
  { name: 'union(strided, global)', make: () => union(strided({ stride: 4 }), global()) },
  {
    name: 'intersect(bigbird, fromMask)',
    make: (b) =>
      intersect(
        bigbird({ randomBlocks: 1 }),
        fromMask((i, j) => (i + 2 * j) % 3 !== 0, b),
      ),
  },
];

/** Lengths that are not multiples of the block; the last case is cross-attention (Nk ≠ Nq). */
const SIZES = [
  { b: 1, nq: 77, nk: 77 },
  { b: 16, nq: 203, nk: 203 },
  { b: 64, nq: 333, nk: 333 },
  { b: 16, nq: 90, nk: 157 },
];

for (const backend of backendChoices()) {
  describe(`every pattern equals the reference under its expanded mask (${backend})`, () => {
    for (const { name, make } of PATTERNS) {
      it.each(SIZES)(`${name}, b=$b, Nq=$nq, Nk=$nk`, ({ b, nq, nk }) => {
        const pattern = make(b, nq, nk);
        const variant = sparse({ pattern, block: b, backend });
        const s = { B: 2, H: 2, Hkv: 1, Nq: nq, Nk: nk, D: 24, Dv: 16 };
        const { q, k, v } = makeInputs(s, b + nq);
        for (const causal of [false, true]) {
          const options = { causal, keyLengths: new Int32Array([nk, nk - 20]) };
          const layout = variant.layout(
            {
              batch: 2,
              heads: 2,
              kvHeads: 1,
              queryLength: nq,
              keyLength: nk,
              headDim: 24,
              valueDim: 16,
            },
            options,
          );
          const out = variant.forward(q, k, v, options);
          assertClose(out.data, naiveSparse(q, k, v, layout, options).data, {
            atol: 2e-5,
            label: `${name} b=${b} causal=${causal}`,
          });
          // The check means something only if the layout skips work.
          if (b === 1) expect(layout.density()).toBeLessThan(0.8);
        }
      });
    }
  });
}
