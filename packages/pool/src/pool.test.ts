import { AttentionError, type AttentionOptions, randn, type Tensor } from '@attnkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, PoolWorkerError } from './index.ts';
import { tiny } from './testing/tiny-variant.ts';
import type { PoolVariantSpec } from './types.ts';

const module = new URL('./testing/tiny-variant.ts', import.meta.url).href;
const spec = (config: Record<string, unknown> = {}): PoolVariantSpec => ({
  module,
  export: 'tiny',
  config,
});

/** Exact equality, element by element, with the index of the first difference. */
function expectIdentical(got: Tensor, want: Tensor) {
  expect(got.shape).toEqual(want.shape);
  let firstDiff = -1;
  for (let i = 0; i < want.data.length && firstDiff < 0; i++)
    if (!Object.is(got.data[i], want.data[i])) firstDiff = i;
  expect(firstDiff).toBe(-1);
}

const pools = [1, 2, 3].map((threads) => createPool({ threads }));
afterAll(() => Promise.all(pools.map((p) => p.close())));

interface Case {
  name: string;
  q: [number, number, number, number];
  kv: [number, number, number, number];
  options?: AttentionOptions;
}
const cases: Case[] = [
  { name: 'B·H = 8', q: [2, 4, 70, 16], kv: [2, 4, 70, 16] },
  { name: 'B·H = 8 causal', q: [2, 4, 70, 16], kv: [2, 4, 70, 16], options: { causal: true } },
  {
    name: 'GQA 8 heads on 2 kv heads',
    q: [1, 8, 45, 12],
    kv: [1, 2, 45, 12],
    options: { causal: true },
  },
  { name: 'one head split by query blocks', q: [1, 1, 300, 16], kv: [1, 1, 300, 16] },
  { name: 'one head, causal', q: [1, 1, 301, 16], kv: [1, 1, 301, 16], options: { causal: true } },
  {
    name: 'one head, causal cross (Nq < Nk)',
    q: [1, 1, 130, 8],
    kv: [1, 1, 250, 8],
    options: { causal: true },
  },
  {
    name: 'one head, causal Nq > Nk (rows with no key)',
    q: [1, 1, 200, 8],
    kv: [1, 1, 90, 8],
    options: { causal: true },
  },
  {
    name: 'one head, padding',
    q: [1, 1, 200, 8],
    kv: [1, 1, 200, 8],
    options: { keyLengths: Int32Array.of(150), causal: true },
  },
  {
    name: 'multi-query (Hkv = 1), split by rows',
    q: [1, 3, 100, 8],
    kv: [1, 1, 100, 8],
    options: { causal: true },
  },
  {
    name: 'padding per batch, GQA',
    q: [3, 4, 50, 8],
    kv: [3, 2, 60, 8],
    options: { keyLengths: Int32Array.of(60, 13, 0) },
  },
];

describe('pool results do not depend on the number of workers', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const q = randn(c.q, 1);
      const k = randn(c.kv, 2);
      const v = randn(c.kv, 3);
      const want = tiny().forward(q, k, v, c.options);
      for (const pool of pools)
        expectIdentical(await pool.forward(spec(), q, k, v, c.options), want);
    });
  }

  it('query blocks use the variant queryBlock, or an explicit align', async () => {
    const q = randn([1, 1, 257, 8], 4);
    const k = randn([1, 1, 257, 8], 5);
    const v = randn([1, 1, 257, 8], 6);
    for (const [config, querySplit] of [
      [{ queryBlock: 40 }, undefined],
      [{ queryBlock: 8 }, { align: 24 }],
    ] as const) {
      const want = tiny(config).forward(q, k, v, { causal: true });
      const got = await pools[2].forward({ ...spec(config), querySplit }, q, k, v, {
        causal: true,
      });
      expectIdentical(got, want);
    }
  });
});

describe('pool errors', () => {
  it('refuses bad input in the caller, with the variant validation', async () => {
    const q = randn([1, 2, 8, 4], 1);
    const k = randn([1, 2, 8, 5], 2);
    await expect(pools[1].forward(spec(), q, k, k)).rejects.toMatchObject({
      code: 'SHAPE_MISMATCH',
    });
    await expect(pools[1].forward({ module: '' }, q, q, q)).rejects.toThrow();
    await expect(pools[1].forward({ module, export: 'nope' }, q, q, q)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
  });

  it('a variant that throws in a worker rejects the call with its AttentionError', async () => {
    const q = randn([2, 2, 16, 4], 1);
    const err = await pools[1].forward(spec({ fail: 'throw' }), q, q, q).catch((e) => e);
    expect(err).toBeInstanceOf(AttentionError);
    expect(err.code).toBe('UNSUPPORTED');
    expect(err).not.toBeInstanceOf(PoolWorkerError);
  });
});

/** Each fault on a 1-worker pool, then a healthy call on the same pool: it must be served. */
describe('pool faults reject that call with a typed error; the next call is served', () => {
  const q = randn([2, 2, 16, 4], 1);
  const want = () => tiny().forward(q, q, q);
  const faults = [
    { fail: 'error', code: 'UNSUPPORTED', reason: 'threw', message: /tiny: asked to fail/ },
    { fail: 'exit', code: 'UNSUPPORTED', reason: 'exited', message: /exited \(code 3\)/ },
    { fail: 'oom', code: 'MEMORY_BUDGET', reason: 'out-of-memory', message: /out of memory/i },
    { fail: 'hang', code: 'UNSUPPORTED', reason: 'timeout', message: /timeoutMs 20000/ },
  ] as const;
  for (const f of faults) {
    it(`a worker that ${f.reason === 'timeout' ? 'hangs' : f.reason}`, async () => {
      // Only the hang needs a timeout. It counts from the call's submission, so it must exceed a
      // replacement worker's start-up (tsx loading the sources: over 10 s when CI's parallel test
      // tasks load both cores); the first worker is warmed by a healthy call before the hang.
      const pool = createPool({
        threads: 1,
        ...(f.fail === 'hang' ? { timeoutMs: 20_000 } : {}),
        // A heap cap small enough to reach quickly, large enough for tsx and the variant.
        resourceLimits: { maxOldGenerationSizeMb: 96 },
      });
      try {
        expectIdentical(await pool.forward(spec(), q, q, q), want());
        const err = await pool.forward(spec({ fail: f.fail }), q, q, q).catch((e) => e);
        expect(err).toBeInstanceOf(PoolWorkerError);
        expect(err).toBeInstanceOf(AttentionError);
        expect(err).toMatchObject({ code: f.code, reason: f.reason });
        expect(err.message).toMatch(f.message);
        // The dead (or stopped) worker is replaced: the next two calls are served.
        expectIdentical(await pool.forward(spec(), q, q, q), want());
        expectIdentical(await pool.forward(spec(), q, q, q), want());
      } finally {
        await pool.close();
      }
    });
  }

  it('a fault fails only its own call: a call queued behind it is served', async () => {
    const pool = createPool({ threads: 1 });
    try {
      const [bad, good] = await Promise.allSettled([
        pool.forward(spec({ fail: 'exit' }), q, q, q),
        pool.forward(spec(), q, q, q),
      ]);
      expect(bad.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason).toMatchObject({ reason: 'exited' });
      expect(good.status).toBe('fulfilled');
      expectIdentical((good as PromiseFulfilledResult<Tensor>).value, want());
    } finally {
      await pool.close();
    }
  });
});

describe('pool close and call options', () => {
  it('close rejects pending calls and every later call', async () => {
    const pool = createPool({ threads: 2 });
    const q = randn([1, 4, 400, 16], 1);
    const pending = pool.forward(spec(), q, q, q).catch((e: Error) => e);
    // Most likely while its tasks run in the workers; before dispatch the same error comes.
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    expect(await pending).toMatchObject({ code: 'UNSUPPORTED', received: 'a closed pool' });
    await expect(pool.forward(spec(), q, q, q)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await pool.close();
  });

  it('refuses a scoreBias the variant does not take, before any worker runs', async () => {
    const q = randn([1, 1, 8, 4], 1);
    const scoreBias = { kind: 'alibi', slopes: Float32Array.of(0.5) } as const;
    await expect(pools[1].forward(spec(), q, q, q, { scoreBias })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });
});
