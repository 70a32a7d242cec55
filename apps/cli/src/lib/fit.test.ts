import { describe, expect, it } from 'vitest';
import { FIT_FROM_N, fitPowerLaw, predictMs } from './fit.ts';

const law = (c: number, k: number, ns: number[]) => ns.map((n) => ({ n, ms: c * n ** k }));

describe('fitPowerLaw', () => {
  it.each([2, 1, 1.5, 0.5])('recovers the exponent of ms = c·N^%d', (k) => {
    const fit = fitPowerLaw(law(3e-6, k, [1024, 2048, 4096, 8192, 16384]));
    expect(fit?.exponent).toBeCloseTo(k, 10);
    expect(fit?.r2).toBeCloseTo(1, 10);
    expect(predictMs(fit as NonNullable<typeof fit>, 32768)).toBeCloseTo(3e-6 * 32768 ** k, 6);
  });

  it('fits only N ≥ 1024 when three such lengths exist (small N is overhead)', () => {
    const overhead = [
      { n: 256, ms: 50 },
      { n: 512, ms: 50 },
    ];
    const fit = fitPowerLaw([...overhead, ...law(1e-6, 2, [1024, 2048, 4096])]);
    expect(fit?.nMin).toBe(FIT_FROM_N);
    expect(fit?.points).toBe(3);
    expect(fit?.exponent).toBeCloseTo(2, 10);
  });

  it('uses every point when fewer than three are large, and a noisy law has r² < 1', () => {
    const fit = fitPowerLaw([
      { n: 256, ms: 1 },
      { n: 512, ms: 2.2 },
      { n: 1024, ms: 3.9 },
    ]);
    expect(fit?.points).toBe(3);
    expect(fit?.exponent).toBeGreaterThan(0.9);
    expect(fit?.exponent).toBeLessThan(1.1);
    expect(fit?.r2).toBeLessThan(1);
  });

  it('returns null without two distinct lengths and ignores non-positive times', () => {
    expect(fitPowerLaw([])).toBeNull();
    expect(
      fitPowerLaw([
        { n: 512, ms: 1 },
        { n: 512, ms: 2 },
      ]),
    ).toBeNull();
    expect(
      fitPowerLaw([
        { n: 512, ms: 0 },
        { n: 1024, ms: 4 },
      ]),
    ).toBeNull();
  });
});
