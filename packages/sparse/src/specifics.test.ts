import { createFromSpec, formatSpec, referenceAttention } from '@attnkit/core';
import { assertClose, denseWeights, makeInputs } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import {
  bigbird,
  custom,
  fromMask,
  layoutMask,
  longformer,
  type SparseAttention,
  sparse,
  sparseDefinition,
  union,
} from './index.ts';

const shape = (n: number, heads = 1) => ({
  batch: 1,
  heads,
  kvHeads: 1,
  queryLength: n,
  keyLength: n,
  headDim: 64,
  valueDim: 64,
});

describe('config and spec strings', () => {
  it('parses sparse:pattern=bigbird,block=64 to the same variant as the factory', () => {
    const v = createFromSpec('sparse:pattern=bigbird,block=64', [
      sparseDefinition,
    ]) as SparseAttention;
    expect(v.name).toBe('sparse');
    expect(v.config).toEqual(sparse({ pattern: 'bigbird', block: 64 }).config);
    const l = createFromSpec('sparse:pattern=longformer,block=8,globalTokens=0+5,window=5', [
      sparseDefinition,
    ]) as SparseAttention;
    expect(l.pattern.name).toBe('longformer(w=5,g=1,tokens=0+5)');
    expect(l.config).toEqual({
      pattern: 'longformer',
      block: 8,
      globalTokens: [0, 5],
      window: 5,
      memoryBudget: 2 ** 31,
      backend: 'auto',
    });
    // The config written back as a spec string parses to the same variant.
    const again = createFromSpec(formatSpec('sparse', l.config), [sparseDefinition]);
    expect(again.config).toEqual(l.config);
  });
  it('refuses unknown keys, options the pattern does not take, and block conflicts', () => {
    const bad = [
      () => sparse({ blok: 3 } as never),
      () => sparse({ pattern: 'bigbird', stride: 4 }),
      () => sparse({ pattern: 'nope' as never }),
      () => sparse({ pattern: bigbird(), window: 3 }),
      () => sparse({ pattern: fromMask(() => true, 8), block: 16 }),
      () => sparse({ block: 0 }),
      () => createFromSpec('sparse:pattern=strided,randomBlocks=2', [sparseDefinition]),
    ];
    for (const f of bad) expect(f).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
  it('a custom layout refuses calls of another length with SHAPE_MISMATCH', () => {
    const v = sparse({
      pattern: custom([
        [true, false],
        [true, true],
      ]),
      block: 8,
    });
    const { q, k, v: vv } = makeInputs({ B: 1, H: 1, Hkv: 1, Nq: 40, Nk: 40, D: 4, Dv: 4 });
    expect(() => v.forward(q, k, vv)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});

describe('cost', () => {
  it('counts exactly the token pairs the expanded mask allows (causal, partial blocks)', () => {
    const v = sparse({ pattern: longformer({ globalTokens: [3, 50] }), block: 8 });
    for (const causal of [false, true]) {
      const s = { ...shape(77, 2), headDim: 5, valueDim: 3 };
      const mask = layoutMask(v.layout(s, { causal }), s);
      let pairs = 0;
      for (let i = 0; i < 77; i++)
        for (let j = 0; j < 77; j++) if (mask(0, 0, i, j) && (!causal || j <= i)) pairs++;
      expect(v.cost(s, { causal }).flops).toBe(2 * 2 * pairs * (5 + 3));
    }
  });
  it('grows linearly with N for bigbird (fixed blocks per row)', () => {
    const v = sparse({ pattern: 'bigbird', block: 64 });
    const ratio = v.cost(shape(65536)).flops / v.cost(shape(16384)).flops;
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4.2);
  });
});

describe('weights', () => {
  it('are sparse rows holding only the pattern’s pairs', () => {
    const v = sparse({ pattern: 'bigbird', block: 4, randomBlocks: 1, globalBlocks: 1 });
    const { q, k } = makeInputs({ B: 1, H: 1, Hkv: 1, Nq: 64, Nk: 64, D: 8, Dv: 8 });
    const w = v.weights(q, k);
    expect(w.kind).toBe('csr');
    if (w.kind !== 'csr') return;
    expect(w.values.length).toBe(v.layout(shape(64)).nnz * 16);
    const ref = referenceAttention(
      q,
      k,
      k,
      { mask: layoutMask(v.layout(shape(64)), shape(64)) },
      true,
    );
    assertClose(denseWeights(w), ref.weights!.data, { atol: 2e-5 });
  });
});

describe('decoder', () => {
  const steps = (variant: SparseAttention, T: number) => {
    const s = { B: 1, H: 2, Hkv: 1, Nq: T, Nk: T, D: 8, Dv: 8 };
    const { q, k, v } = makeInputs(s, 21);
    const full = variant.forward(q, k, v, { causal: true });
    const dec = variant.decoder({ batch: 1, heads: 2, kvHeads: 1, headDim: 8, valueDim: 8 });
    const stepped = new Float32Array(full.data.length);
    let maxKept = 0;
    const at = (t: typeof q, i: number, H: number) => {
      const data = new Float32Array(H * 8);
      for (let h = 0; h < H; h++)
        data.set(t.data.subarray((h * T + i) * 8, (h * T + i + 1) * 8), h * 8);
      return { data, shape: [1, H, 1, 8] };
    };
    for (let i = 0; i < T; i++) {
      const o = dec.step(at(q, i, 2), at(k, i, 1), at(v, i, 1));
      for (let h = 0; h < 2; h++) stepped.set(o.data.subarray(h * 8, (h + 1) * 8), (h * T + i) * 8);
      maxKept = Math.max(maxKept, dec.keptBlocks);
    }
    assertClose(stepped, full.data, { atol: 2e-5, label: 'decoder vs causal forward' });
    return maxKept;
  };
  it('longformer keeps only window and global key blocks', () => {
    const kept = steps(
      sparse({ pattern: longformer({ window: 3, globalBlocks: 1, globalTokens: [9] }), block: 4 }),
      120,
    );
    // Blocks: global 0, the block of token 9, the previous block and the current one.
    expect(kept).toBeLessThanOrEqual(4);
  });
  it('bigbird keeps every block (later random draws may reach any of them) and stays exact', () => {
    expect(
      steps(sparse({ pattern: 'bigbird', block: 4, globalBlocks: 1, randomBlocks: 2 }), 120),
    ).toBe(30);
    expect(
      steps(sparse({ pattern: 'bigbird', block: 4, randomBlocks: 0 }), 120),
    ).toBeLessThanOrEqual(4);
  });
  it('equals the causal forward for strided, random, fromMask and a union (all keys kept)', () => {
    const patterns = [
      sparse({ pattern: 'strided', block: 4, stride: 3 }),
      sparse({ pattern: 'random', block: 4, randomBlocks: 2, seed: 8, perHead: true }),
      sparse({ pattern: fromMask((i, j) => (i - j) % 7 === 0 || i - j < 3, 4) }),
      sparse({
        pattern: union(
          longformer({ globalTokens: [13] }),
          fromMask((_i, j) => j % 10 === 3, 4),
        ),
      }),
    ];
    for (const variant of patterns) expect(steps(variant, 90)).toBeGreaterThan(0);
  });
  it('a custom layout decodes up to its own size, then refuses', () => {
    const n = 9;
    const matrix = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => j === i || j === 0 || (i * j) % 4 === 1),
    );
    const variant = sparse({ pattern: custom(matrix), block: 4 });
    expect(steps(variant, 4 * n - 2)).toBe(n);
    const dec = variant.decoder({ batch: 1, heads: 1, kvHeads: 1, headDim: 2, valueDim: 2 });
    const x = { data: new Float32Array(2), shape: [1, 1, 1, 2] };
    for (let i = 0; i < 4 * n; i++) dec.step(x, x, x);
    expect(() => dec.step(x, x, x)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
  it('fixed frees the finished windows except their summary blocks', () => {
    const kept = steps(sparse({ pattern: 'fixed', block: 4, stride: 3, summary: 1 }), 120);
    expect(kept).toBeLessThanOrEqual(10 + 3);
  });
});
