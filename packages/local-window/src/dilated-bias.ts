import type { ScoreBias } from '@attnkit/core';

/**
 * A score bias in the unit coordinates of residue class r of a dilated window. Unit x of the
 * class is token position r + x·d (keys j = r + u·d; a query at key position p = r + (s + offset)·d),
 * so a unit distance is d token distances: ALiBi's slopes scale by d, a relative table is
 * resampled at every d-th distance (and still clipped at ±R tokens), and a bias function gets
 * token positions back. d = 1 returns the bias itself.
 */
export function dilateBias(bias: ScoreBias, d: number, r: number): ScoreBias {
  if (d === 1) return bias;
  switch (bias.kind) {
    case 'alibi':
      return { kind: 'alibi', slopes: bias.slopes.map((slope) => slope * d) };
    case 'relative': {
      const R = bias.maxDistance;
      const units = Math.ceil(R / d); // past ±units the token distance is past ±R: clipped alike
      const heads = bias.table.length / (2 * R + 1);
      const table = new Float32Array(heads * (2 * units + 1));
      for (let h = 0; h < heads; h++)
        for (let m = -units; m <= units; m++)
          table[h * (2 * units + 1) + m + units] =
            bias.table[h * (2 * R + 1) + Math.max(-R, Math.min(R, m * d)) + R];
      return { kind: 'relative', maxDistance: units, table };
    }
    case 'function': {
      const { fn } = bias;
      return { kind: 'function', fn: (b, h, p, u) => fn(b, h, r + p * d, r + u * d) };
    }
  }
}
