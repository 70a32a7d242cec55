import { AttentionError, describe } from './errors.ts';

/**
 * Additive score bias evaluated inside a variant's tiles, FlexAttention's score_mod idea:
 * the score of query i and key j in batch b, head h becomes s + bias(b, h, i, j).
 * Positions are absolute indices into the query and key sequences.
 */
export type ScoreBiasFn = (b: number, h: number, i: number, j: number) => number;

/**
 * An additive score bias applied inside a variant's tiles (FlexAttention's score_mod idea),
 * never as an N×N tensor. Positions are bottom-right aligned like causal: query i sits at
 * position i + (Nk − Nq), key j at j, and rel = kPos − qPos = j − i − (Nk − Nq).
 *
 * - `alibi`: bias = −slopes[h] · |rel| (Press et al.; for causal rows rel <= 0, so this is slopes·rel).
 * - `relative`: bias = table[h · (2R + 1) + clamp(rel, −R, R) + R] with R = maxDistance: a learned
 *   per-head table over clipped distances (Shaw et al.), or T5's buckets expanded per distance.
 * - `function`: bias = fn(b, h, qPos, kPos), any user bias; evaluated per tile element in JS.
 */
export type ScoreBias =
  | { kind: 'alibi'; slopes: Float32Array }
  | { kind: 'relative'; table: Float32Array; maxDistance: number }
  | { kind: 'function'; fn: ScoreBiasFn };

/** Checks a score bias against the number of heads; throws INVALID_CONFIG / SHAPE_MISMATCH. */
export function validateScoreBias(bias: unknown, heads: number): ScoreBias {
  const b = bias as ScoreBias;
  const arg = 'options.scoreBias';
  if (!b || typeof b !== 'object')
    throw new AttentionError(
      'INVALID_CONFIG',
      arg,
      "{ kind: 'alibi' | 'relative' | 'function', … }",
      describe(bias),
    );
  const finite = (arr: Float32Array, name: string) => {
    for (let i = 0; i < arr.length; i++) {
      if (!Number.isFinite(arr[i]))
        throw new AttentionError(
          'NON_FINITE',
          `${arg}.${name}[${i}]`,
          'a finite number',
          String(arr[i]),
        );
    }
  };
  switch (b.kind) {
    case 'alibi':
      if (!(b.slopes instanceof Float32Array) || b.slopes.length !== heads) {
        throw new AttentionError(
          'SHAPE_MISMATCH',
          `${arg}.slopes`,
          `Float32Array(${heads}), one slope per head`,
          describe(b.slopes),
        );
      }
      finite(b.slopes, 'slopes');
      return b;
    case 'relative': {
      if (!Number.isInteger(b.maxDistance) || b.maxDistance < 0) {
        throw new AttentionError(
          'INVALID_CONFIG',
          `${arg}.maxDistance`,
          'an integer >= 0',
          describe(b.maxDistance),
        );
      }
      const want = heads * (2 * b.maxDistance + 1);
      if (!(b.table instanceof Float32Array) || b.table.length !== want) {
        throw new AttentionError(
          'SHAPE_MISMATCH',
          `${arg}.table`,
          `Float32Array(${want}) for [${heads} heads, ${2 * b.maxDistance + 1} distances]`,
          describe(b.table),
        );
      }
      finite(b.table, 'table');
      return b;
    }
    case 'function':
      if (typeof b.fn !== 'function')
        throw new AttentionError(
          'INVALID_CONFIG',
          `${arg}.fn`,
          'a function (b, h, qPos, kPos) => number',
          describe(b.fn),
        );
      return b;
    default:
      throw new AttentionError(
        'INVALID_CONFIG',
        `${arg}.kind`,
        "'alibi' | 'relative' | 'function'",
        describe((b as { kind?: unknown }).kind),
      );
  }
}

/** The bias as a function of absolute query and key indices (i, j), for the float64 reference. */
export function scoreBiasFn(bias: ScoreBias, queryLength: number, keyLength: number): ScoreBiasFn {
  const shift = keyLength - queryLength;
  switch (bias.kind) {
    case 'alibi':
      return (_b, h, i, j) => -bias.slopes[h] * Math.abs(j - i - shift);
    case 'relative': {
      const R = bias.maxDistance;
      return (_b, h, i, j) =>
        bias.table[h * (2 * R + 1) + Math.max(-R, Math.min(R, j - i - shift)) + R];
    }
    case 'function':
      return (b, h, i, j) => bias.fn(b, h, i + shift, j);
  }
}
