import { createFromSpec, formatSpec, parseSpec } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { bandPairs } from './cost.ts';
import { localWindow, localWindowDefinition } from './local-window.ts';
import { bandMask } from './naive.ts';

const shape = (n: number, m = n) => ({
  batch: 1,
  heads: 1,
  kvHeads: 1,
  queryLength: n,
  keyLength: m,
  headDim: 64,
  valueDim: 64,
});

describe('config', () => {
  it('window sets both sides; left/right alone default the other side to 0', () => {
    expect(localWindow({ window: 9 }).config).toMatchObject({ window: 9, dilation: 1 });
    expect(localWindow().config).toMatchObject({ window: 256 });
    expect(localWindow({ left: 4 }).config).toMatchObject({ left: 4, right: 0 });
  });
  it('refuses bad and conflicting keys with INVALID_CONFIG', () => {
    const bad = [
      { window: 4, left: 2 },
      { window: -1 },
      { window: 1.5 },
      { dilation: 0 },
      { block: 0 },
      { backend: 'gpu' },
      { windw: 4 },
    ];
    for (const config of bad)
      expect(() => localWindow(config as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      );
  });
  it('spec strings parse to the same variant and round-trip', () => {
    const v = createFromSpec('local-window:left=128,right=0,dilation=2', [localWindowDefinition]);
    expect(v.name).toBe('local-window');
    expect(v.config).toMatchObject({ left: 128, right: 0, dilation: 2 });
    const spec = formatSpec(v.name, v.config);
    expect(parseSpec(spec, [localWindowDefinition]).config).toEqual(v.config);
  });
});

describe('cost()', () => {
  it('counts exactly the band pairs the dense mask allows', () => {
    for (const band of [
      { left: 3, right: 3, dilation: 1 },
      { left: 2, right: 5, dilation: 3 },
    ])
      for (const [n, m] of [
        [40, 40],
        [13, 40],
        [40, 13],
      ])
        for (const causal of [false, true]) {
          const mask = bandMask({ queryLength: n, keyLength: m }, band);
          let pairs = 0;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < m; j++)
              if (mask(0, 0, i, j) && (!causal || j <= i + m - n)) pairs++;
          expect(bandPairs(n, m, band, causal)).toBe(pairs);
          const c = localWindow(band).cost(shape(n, m), { causal });
          expect(c.flops).toBe(2 * pairs * 128);
        }
  });
  it('time and memory grow linearly in N for a fixed window', () => {
    const lw = localWindow({ window: 256 });
    const small = lw.cost(shape(65_536));
    const big = lw.cost(shape(1_048_576));
    expect(big.flops / small.flops).toBeCloseTo(16, 1);
    expect(big.peakBytes / small.peakBytes).toBeLessThan(16.5);
  });
});
