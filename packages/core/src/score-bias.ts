import { AttentionError, describe } from './errors.ts';
import { FLOAT32_SCORE_LIMIT } from './float32-range.ts';

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
 *
 * The contract for every value a bias yields, identical on every backend, in `weights()` and in
 * every decoder: −Infinity masks that key (a row whose keys are all masked yields zeros); any
 * other value must be a number whose magnitude is at most 2^126 ≈ 8.5e37 (half of float32's
 * range, so score + bias stays finite). NaN, +Infinity, non-numbers (a string, undefined, a
 * bigint …) and larger magnitudes (1e39) throw NON_FINITE naming b, h, i, j and the value.
 * ALiBi slopes are bounded so that slope · max(Nq, Nk) stays within the same limit.
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
  // Slopes are bounded by assertBiasFits once the lengths are known; table entries are biases.
  const finite = (arr: Float32Array, name: string, limit: number) => {
    for (let i = 0; i < arr.length; i++) {
      if (!(Math.abs(arr[i]) <= limit))
        throw new AttentionError(
          'NON_FINITE',
          `${arg}.${name}[${i}]`,
          limit === Number.MAX_VALUE ? 'a finite number' : 'a finite number of magnitude <= 2^126',
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
      finite(b.slopes, 'slopes', Number.MAX_VALUE);
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
      finite(b.table, 'table', FLOAT32_SCORE_LIMIT);
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
      return checkedFunctionBias(b.fn);
    default:
      throw new AttentionError(
        'INVALID_CONFIG',
        `${arg}.kind`,
        "'alibi' | 'relative' | 'function'",
        describe((b as { kind?: unknown }).kind),
      );
  }
}

const CHECKED = Symbol('attnkit.checkedBias');

/** The user's bias function with every value checked against the contract above. */
function checkedFunctionBias(fn: ScoreBiasFn): ScoreBias {
  return { kind: 'function', fn: checkedBiasFn(fn) };
}

/**
 * `fn` with every value it returns checked against the contract (itself if already checked), for
 * kernels that may be handed a bias that never went through validateScoreBias.
 */
export function checkedBiasFn(fn: ScoreBiasFn): ScoreBiasFn {
  if ((fn as { [CHECKED]?: true })[CHECKED]) return fn;
  const checked: ScoreBiasFn = (b, h, i, j) => {
    const value = fn(b, h, i, j);
    if (typeof value === 'number' && Math.abs(value) <= FLOAT32_SCORE_LIMIT) return value;
    if (value === Number.NEGATIVE_INFINITY) return value;
    throw new AttentionError(
      'NON_FINITE',
      `options.scoreBias.fn(b=${b}, h=${h}, i=${i}, j=${j})`,
      'a number of magnitude <= 2^126, or -Infinity to mask the key',
      `${describe(value)} (${typeof value})`,
    );
  };
  (checked as { [CHECKED]?: true })[CHECKED] = true;
  return checked;
}

/** Checks that ALiBi's largest bias, max |slope| · (Nq + Nk), stays within the score limit. */
export function assertBiasFits(bias: ScoreBias, queryLength: number, keyLength: number): void {
  if (bias.kind !== 'alibi') return;
  let max = 0;
  for (const s of bias.slopes) max = Math.max(max, Math.abs(s));
  // |rel| = |j − i − (Nk − Nq)| < max(Nq, Nk) for i < Nq, j < Nk.
  const reach = max * Math.max(queryLength, keyLength);
  if (reach > FLOAT32_SCORE_LIMIT)
    throw new AttentionError(
      'NON_FINITE',
      'options.scoreBias.slopes',
      `max |slope| · max(Nq, Nk) <= 2^126 so every ALiBi bias fits float32 scores`,
      `${max.toPrecision(3)} · ${Math.max(queryLength, keyLength)} = ${reach.toPrecision(3)}`,
    );
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
