import { describe, expect, it } from 'vitest';
import { randn } from './tensor.ts';
import { validateDecoderShape, validateDecoderStep } from './validate.ts';

describe('validateDecoderStep', () => {
  const shape = { batch: 2, heads: 4, kvHeads: 2, headDim: 8, valueDim: 3 };
  const q = randn([2, 4, 1, 8], 1);
  const k = randn([2, 2, 1, 8], 2);
  const v = randn([2, 2, 1, 3], 3);
  it('accepts one token of each', () =>
    expect(() => validateDecoderStep(shape, q, k, v)).not.toThrow());
  it.each([
    [
      'q with two tokens',
      () => validateDecoderStep(shape, randn([2, 4, 2, 8], 1), k, v),
      'SHAPE_MISMATCH',
      'q.shape',
    ],
    [
      'k with the wrong head count',
      () => validateDecoderStep(shape, q, randn([2, 4, 1, 8], 1), v),
      'SHAPE_MISMATCH',
      'k.shape',
    ],
    [
      'v with the wrong value dim',
      () => validateDecoderStep(shape, q, k, randn([2, 2, 1, 8], 1)),
      'SHAPE_MISMATCH',
      'v.shape',
    ],
    [
      'NaN in v',
      () =>
        validateDecoderStep(shape, q, k, {
          data: Float32Array.of(1, 2, Number.NaN, 1, 1, 1, 1, 1, 1, 1, 1, 1),
          shape: [2, 2, 1, 3],
        }),
      'NON_FINITE',
      'v.data[2]',
    ],
  ] as const)('refuses %s', (_name, call, code, argument) => {
    expect(call).toThrow(expect.objectContaining({ code, argument }));
  });
});

describe('validateDecoderShape', () => {
  it('keeps the five sizes and drops anything else', () => {
    const shape = { batch: 1, heads: 4, kvHeads: 2, headDim: 8, valueDim: 3 };
    expect(validateDecoderShape({ ...shape, queryLength: 7 } as typeof shape)).toEqual(shape);
  });
  it('names a size that is not a positive integer', () => {
    const bad = { batch: 1, heads: 0, kvHeads: 1, headDim: 8, valueDim: 8 };
    expect(() => validateDecoderShape(bad)).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', argument: 'decoder shape.heads' }),
    );
  });
});
