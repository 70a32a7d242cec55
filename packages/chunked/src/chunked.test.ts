import { AttentionError, randn, referenceAttention } from '@attnkit/core';
import { assertClose, describeConformance } from '@attnkit/core/testing';
import { backendChoices, jsKernels } from '@attnkit/kernels';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunked, chunkedDefinition } from './chunked.ts';

// Property tests over random shapes and options run inside each conformance suite.
for (const backend of backendChoices()) {
  describeConformance({ name: `chunked 64/64 (${backend})`, create: () => chunked({ backend }) });
  describeConformance({
    name: `chunked queryBlock 7, keyBlock 5 (${backend})`,
    create: () => chunked({ queryBlock: 7, keyBlock: 5, backend }),
  });
  describeConformance({
    name: `chunked queryBlock 1, keyBlock 3 (${backend})`,
    create: () => chunked({ queryBlock: 1, keyBlock: 3, backend }),
  });
  describeConformance({
    name: `chunked queryBlock 128, keyBlock 16 (${backend})`,
    create: () => chunked({ queryBlock: 128, keyBlock: 16, backend }),
  });
}

describe('tiles visited', () => {
  afterEach(() => vi.restoreAllMocks());
  const spies = () => ({
    score: vi.spyOn(jsKernels, 'scoreTile'),
    mask: vi.spyOn(jsKernels, 'maskBand'),
  });
  const run = (Nq: number, Nk: number, options: object) => {
    const s = spies();
    chunked({ backend: 'js' }).forward(
      randn([1, 1, Nq, 8], 1),
      randn([1, 1, Nk, 8], 2),
      randn([1, 1, Nk, 8], 3),
      options,
    );
    return { tiles: s.score.mock.calls.length, masked: s.mask.mock.calls.length, s };
  };
  it('non-causal: every tile, none masked', () => {
    expect(run(256, 256, {})).toMatchObject({ tiles: 16, masked: 0 });
  });
  it('causal: tiles above the diagonal are skipped, only diagonal tiles are masked', () => {
    // 4 query blocks see 1, 2, 3, 4 key blocks; one of each crosses the diagonal.
    expect(run(256, 256, { causal: true })).toMatchObject({ tiles: 10, masked: 4 });
  });
  it('causal with Nq < Nk (bottom-right): only the tile crossing the shifted diagonal is masked', () => {
    expect(run(64, 256, { causal: true })).toMatchObject({ tiles: 4, masked: 1 });
  });
  it('causal with Nq > Nk: query blocks that see no key visit no tile', () => {
    // offset −192: query blocks 0–2 see nothing, block 3 sees keys 0..63 on its diagonal.
    expect(run(256, 64, { causal: true })).toMatchObject({ tiles: 1, masked: 1 });
  });
  it('padding: blocks past the length are skipped, the partial block is cut', () => {
    const r = run(128, 256, { keyLengths: [100] });
    expect(r.tiles).toBe(4);
    expect(r.masked).toBe(0);
    const cols = r.s.score.mock.calls.map((c) => c[7]);
    expect(cols).toEqual([64, 36, 64, 36]);
  });
});

describe('chunked specifics', () => {
  it('config: defaults, unknown keys and bad block sizes refused', () => {
    expect(chunked().config).toMatchObject({ queryBlock: 64, keyBlock: 64, backend: 'auto' });
    expect(() => chunked({ keyBlok: 3 } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    for (const bad of [0, -1, 1.5, Number.NaN, '64'])
      expect(() => chunked({ keyBlock: bad as number })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG', argument: 'chunked config.keyBlock' }),
      );
    expect(() => chunked({ queryBlock: 0 })).toThrow(AttentionError);
    expect(() => chunked({ backend: 'gpu' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
  it('spec definition names its options', () => {
    expect(chunkedDefinition.name).toBe('chunked');
    expect(Object.keys(chunkedDefinition.options).sort()).toEqual(
      ['backend', 'keyBlock', 'memoryBudget', 'queryBlock'].sort(),
    );
    expect(chunkedDefinition.create({ queryBlock: 32 }).config.queryBlock).toBe(32);
  });
  it('matches the reference on a long sequence (N = 1500, causal, D = 64)', () => {
    const q = randn([1, 1, 1500, 64], 2);
    const k = randn([1, 1, 1500, 64], 3);
    const v = randn([1, 1, 1500, 64], 4);
    assertClose(
      chunked().forward(q, k, v, { causal: true }).data,
      referenceAttention(q, k, v, { causal: true }).output.data,
    );
  });
  it('weights() refuses a dense map above the memory budget', () => {
    const q = randn([1, 1, 64, 8], 1);
    expect(() => chunked({ memoryBudget: 10_000 }).weights!(q, q)).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET' }),
    );
  });
  it('forward refuses up front only when even the O(N) working set does not fit', () => {
    const q = randn([1, 1, 512, 8], 1);
    const variant = chunked();
    const shape = {
      batch: 1,
      heads: 1,
      kvHeads: 1,
      queryLength: 512,
      keyLength: 512,
      headDim: 8,
      valueDim: 8,
    };
    const need = variant.cost(shape).peakBytes;
    // Far below N×N floats (1 MB): the output plus one tile.
    expect(need).toBeLessThan(4 * 512 * 512);
    expect(() => chunked({ memoryBudget: need }).forward(q, q, q)).not.toThrow();
    expect(() => chunked({ memoryBudget: need - 1 }).forward(q, q, q)).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET' }),
    );
  });
});
