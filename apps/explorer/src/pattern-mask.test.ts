import { bandPairs } from '@attnkit/local-window';
import { describe, expect, it } from 'vitest';
import { patternMask } from './pattern-mask.ts';
import { createVariant } from './variants.ts';

/** Density by brute force over every token pair, from `sees` alone. */
function bruteDensity(mask: ReturnType<typeof patternMask>, n: number, causal: boolean): number {
  let seen = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (mask.sees(0, i, j)) seen++;
  return seen / (causal ? (n * (n + 1)) / 2 : n * n);
}

describe('patternMask', () => {
  it.each([false, true])('local-window (causal %s): density equals bandPairs / pairs', (causal) => {
    const n = 300;
    const mask = patternMask(createVariant('local-window:window=17'), n, 1, causal, 16);
    const pairs = bandPairs(n, n, { left: 17, right: 17, dilation: 1 }, causal);
    expect(mask.density(0)).toBeCloseTo(pairs / (causal ? (n * (n + 1)) / 2 : n * n), 12);
    expect(bruteDensity(mask, n, causal)).toBeCloseTo(mask.density(0), 12);
  });

  it.each([
    ['sparse:pattern=bigbird,block=16', false],
    ['sparse:pattern=bigbird,block=16', true],
    ['sparse:pattern=longformer,block=16,globalTokens=5+70', false],
    ['sparse:pattern=fixed,block=16,stride=4,summary=1', true],
  ] as const)('%s (causal %s): block arithmetic equals the pair count', (spec, causal) => {
    const n = 200;
    const mask = patternMask(createVariant(spec), n, 2, causal, 16);
    expect(mask.density(0)).toBeGreaterThan(0);
    expect(mask.density(0)).toBeCloseTo(bruteDensity(mask, n, causal), 12);
  });

  it('full, causal: every earlier key', () => {
    const mask = patternMask(createVariant('full'), 50, 1, true, 8);
    expect(bruteDensity(mask, 50, true)).toBe(1);
    expect(mask.blockKind(0, 2, 3)).toBe('none');
  });
});
