import { configInteger } from '../config.ts';
import type { ScoreBias } from '../score-bias.ts';

function powerOfTwoSlopes(n: number): number[] {
  const start = 2 ** (-8 / n);
  return Array.from({ length: n }, (_, i) => start ** (i + 1));
}

/**
 * ALiBi head slopes (Press et al. 2022): the geometric sequence 2^(−8/n), 2^(−16/n), … for n a
 * power of two; otherwise the slopes of the closest lower power of two p, then every other slope
 * of 2p, as in the paper's reference code.
 */
export function alibiSlopes(heads: number): Float32Array {
  configInteger(heads, 'alibi heads', 0);
  const p = 2 ** Math.floor(Math.log2(heads));
  const slopes = powerOfTwoSlopes(p);
  if (p < heads)
    slopes.push(
      ...powerOfTwoSlopes(2 * p)
        .filter((_, i) => i % 2 === 0)
        .slice(0, heads - p),
    );
  return Float32Array.from(slopes);
}

/** The ALiBi score bias −slope_h·|qPos − kPos| with the standard slopes. */
export function alibi(heads: number, slopes: Float32Array = alibiSlopes(heads)): ScoreBias {
  return { kind: 'alibi', slopes };
}
