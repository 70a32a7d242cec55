import { type AttentionOptions, alibi, randn, t5Bias } from '@attnkit/core';
import { full } from '@attnkit/full';
import { backendChoices } from '@attnkit/kernels';
import { createPool, type PoolVariantSpec } from '@attnkit/pool';
import { afterAll, describe, expect, it } from 'vitest';

// The worker imports the variant by URL: the pool itself never depends on a variant package.
const module = import.meta.resolve('@attnkit/full');
const pools = [1, 2, 3].map((threads) => createPool({ threads }));
afterAll(() => Promise.all(pools.map((p) => p.close())));

const cases: [string, number[], number[], AttentionOptions | undefined][] = [
  ['B·H = 8', [2, 4, 130, 64], [2, 4, 130, 64], undefined],
  ['B·H = 8, causal, GQA', [2, 4, 130, 32], [2, 2, 130, 32], { causal: true }],
  ['one head, split by query blocks', [1, 1, 700, 64], [1, 1, 700, 64], undefined],
  [
    'one head, causal, padded',
    [1, 1, 700, 16],
    [1, 1, 700, 16],
    { causal: true, keyLengths: [650] },
  ],
  // Score biases are data and travel to the workers; the pool splits such calls by heads only.
  [
    'B·H = 8, ALiBi, causal',
    [2, 4, 130, 32],
    [2, 4, 130, 32],
    { causal: true, scoreBias: alibi(4) },
  ],
  [
    'B·H = 6 on 2 kv heads, T5 bias',
    [1, 6, 90, 16],
    [1, 2, 90, 16],
    { scoreBias: t5Bias({ heads: 6, maxDistance: 20, seed: 3 }) },
  ],
  ['one head, ALiBi (not split)', [1, 1, 300, 16], [1, 1, 300, 16], { scoreBias: alibi(1) }],
  // Causal: split into query blocks, each bottom-right aligned like the whole call.
  [
    'one head, causal, ALiBi, split by query blocks',
    [1, 1, 700, 16],
    [1, 1, 700, 16],
    { causal: true, scoreBias: alibi(1) },
  ],
  [
    'one head, causal, cross-attention, T5 bias, split',
    [1, 1, 300, 16],
    [1, 1, 650, 16],
    { causal: true, scoreBias: t5Bias({ heads: 1, maxDistance: 40, seed: 8 }) },
  ],
];

describe.each(backendChoices())(
  'full on the pool equals full.forward bit for bit (%s)',
  (backend) => {
    // full's mask depends on causal and padding alone, so its query rows may be split.
    const spec: PoolVariantSpec = { module, export: 'full', config: { backend }, querySplit: true };
    for (const [name, qs, kvs, options] of cases) {
      it(name, async () => {
        const q = randn(qs, 1);
        const k = randn(kvs, 2);
        const v = randn(kvs, 3);
        const want = full({ backend }).forward(q, k, v, options);
        for (const pool of pools) {
          const got = await pool.forward(spec, q, k, v, options);
          expect(got.shape).toEqual(want.shape);
          expect(Buffer.compare(bytes(got.data), bytes(want.data))).toBe(0);
        }
      });
    }

    it('refuses a bias function (it cannot cross to a worker) with UNSUPPORTED', async () => {
      const q = randn([1, 1, 16, 8], 1);
      const scoreBias = { kind: 'function', fn: () => 0 } as const;
      await expect(pools[1].forward(spec, q, q, q, { scoreBias })).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        argument: 'options.scoreBias',
      });
    });

    it('errors from full in a worker arrive as AttentionError', async () => {
      const q = randn([1, 1, 64, 8], 1);
      const tight = { ...spec, config: { backend, memoryBudget: 1024 } };
      await expect(pools[1].forward(tight, q, q, q)).rejects.toMatchObject({
        code: 'MEMORY_BUDGET',
      });
    });
  },
);

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
