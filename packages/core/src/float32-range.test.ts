import { describe, expect, it } from 'vitest';
import { AttentionError } from './errors.ts';
import { assertScoresFit, decoderRangeGuard, FLOAT32_SCORE_LIMIT } from './float32-range.ts';
import { referenceAttention } from './reference.ts';
import { validateScoreBias } from './score-bias.ts';
import type { Tensor } from './tensor.ts';
import { validateShape } from './validate.ts';

const T = (data: number[], shape: number[]): Tensor => ({ data: Float32Array.from(data), shape });

describe('float32 range pre-check (issue 15, class 4)', () => {
  it('accepts scores up to 2^126 and refuses past it, naming the row', () => {
    const k = T([2 ** 63, 0], [1, 1, 1, 2]);
    const v = T([1], [1, 1, 1, 1]);
    expect(() => assertScoresFit(T([0, 1, 2 ** 63, 0], [1, 1, 2, 2]), k, v, 1)).not.toThrow();
    expect(() => assertScoresFit(T([0, 1, 2 ** 64, 0], [1, 1, 2, 2]), k, v, 1)).toThrow(
      /^q\[0, 0, 1\] \(query row\): expected scores within float32/,
    );
  });
  it('counts a scale above 1 and ignores one below (the kernels sum before scaling)', () => {
    const q = T([2 ** 62], [1, 1, 1, 1]);
    const v = T([1], [1, 1, 1, 1]);
    expect(() => assertScoresFit(q, T([2 ** 62], [1, 1, 1, 1]), v, 4)).not.toThrow();
    expect(() => assertScoresFit(q, T([2 ** 62], [1, 1, 1, 1]), v, 8)).toThrow(AttentionError);
    expect(() => assertScoresFit(q, T([2 ** 64], [1, 1, 1, 1]), v, 1e-30)).not.toThrow();
    expect(() => assertScoresFit(q, T([2 ** 65], [1, 1, 1, 1]), v, 1e-30)).toThrow(AttentionError);
  });
  it('refuses values whose column sum passes float32 (weights <= 1 but up to Nk of them)', () => {
    const q = T([1, 1], [1, 1, 2, 1]);
    const k = T([1, 1], [1, 1, 2, 1]);
    expect(() => assertScoresFit(q, k, T([3e38, 3e38], [1, 1, 2, 1]), 1)).toThrow(
      /^v\[0, 0, :, 0\]/,
    );
  });
  it('the reference refuses too, so no answer is silently different across backends', () => {
    const big = T([1e20, 1e20], [1, 1, 1, 2]);
    expect(() => referenceAttention(big, big, T([1], [1, 1, 1, 1]))).toThrow(/query row/);
  });
  it('a decoder guard remembers keys and leaves its state alone on refusal', () => {
    const guard = decoderRangeGuard({ batch: 1, heads: 1, kvHeads: 1, headDim: 1, valueDim: 1 });
    const one = T([1], [1, 1, 1, 1]);
    guard.check(one, T([2 ** 100], [1, 1, 1, 1]), one, 1);
    expect(() => guard.check(T([2 ** 30], [1, 1, 1, 1]), one, one, 1)).toThrow(/query row/);
    guard.check(one, one, one, 1);
    guard.reset();
    guard.check(T([2 ** 30], [1, 1, 1, 1]), one, one, 1);
    expect(FLOAT32_SCORE_LIMIT).toBe(2 ** 126);
  });
});

describe('score-bias contract (class 3)', () => {
  const fnOf = (value: unknown) =>
    validateScoreBias({ kind: 'function', fn: () => value as number }, 1) as {
      fn: (b: number, h: number, i: number, j: number) => number;
    };
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [1e39, '1e+39'],
    ['x', '"x" (string)'],
    [undefined, 'undefined (undefined)'],
  ])('%s → NON_FINITE naming b, h, i, j and the value', (value, shown) => {
    try {
      fnOf(value).fn(1, 2, 3, 4);
      expect.unreachable();
    } catch (e) {
      expect((e as AttentionError).code).toBe('NON_FINITE');
      expect((e as AttentionError).message).toContain('options.scoreBias.fn(b=1, h=2, i=3, j=4)');
      expect((e as AttentionError).received).toContain(shown);
    }
  });
  it('−Infinity masks, finite values pass through unchanged', () => {
    expect(fnOf(Number.NEGATIVE_INFINITY).fn(0, 0, 0, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fnOf(-0).fn(0, 0, 0, 0)).toBe(-0);
    expect(fnOf(FLOAT32_SCORE_LIMIT).fn(0, 0, 0, 0)).toBe(FLOAT32_SCORE_LIMIT);
  });
});

describe('shapes are checked on every field (class 5)', () => {
  it.each([
    [{}, 'shape.batch'],
    [null, 'shape'],
    [
      { batch: 1, heads: 1, kvHeads: 1, queryLength: 1, keyLength: 1, headDim: 1 },
      'shape.valueDim',
    ],
  ])('%j names %s', (shape, argument) => {
    expect(() => validateShape(shape as object)).toThrow(
      new RegExp(`^${argument.replace('.', '\\.')}: expected`),
    );
  });
});
