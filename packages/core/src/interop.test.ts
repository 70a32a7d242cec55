// Plain objects shaped like onnxruntime's and tfjs's tensors; benchmarks/src/peers holds the
// round trip through the real libraries.
import { describe, expect, it } from 'vitest';
import { AttentionError } from './errors.ts';
import { fromOnnx, fromTfjs, toOnnx, toTfjs } from './interop.ts';
import { randn } from './tensor.ts';

class FakeOrtTensor {
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: readonly number[],
  ) {}
}

const fakeTf = (values: Float32Array, shape: number[], dtype: string) => ({
  dtype,
  shape,
  dataSync: () => values,
});

describe('onnxruntime interop', () => {
  it('round-trips on the same memory', () => {
    const q = randn([1, 2, 3, 4], 1);
    const ort = toOnnx(q, FakeOrtTensor);
    expect(ort).toBeInstanceOf(FakeOrtTensor);
    expect(ort.type).toBe('float32');
    expect(ort.dims).toEqual([1, 2, 3, 4]);
    expect(ort.data).toBe(q.data);
    const back = fromOnnx(ort);
    expect(back.data).toBe(q.data);
    expect(back.shape).toEqual(q.shape);
  });

  it('refuses another element type, naming it', () => {
    const int = new FakeOrtTensor('int64', new BigInt64Array(2), [2]);
    expect(() => fromOnnx(int)).toThrow(AttentionError);
    expect(() => fromOnnx(int)).toThrow(/onnx tensor type: expected 'float32', got "?int64/);
  });

  it('refuses data that is not on the CPU, and dims that do not match the data', () => {
    expect(() => fromOnnx(new FakeOrtTensor('float32', undefined, [2]))).toThrow(
      /onnx tensor\.data: expected a Float32Array/,
    );
    expect(() => fromOnnx(new FakeOrtTensor('float32', new Float32Array(5), [2, 3]))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});

describe('tfjs interop', () => {
  it('round-trips without a copy made by attnkit', () => {
    const v = randn([2, 3], 2);
    const t = toTfjs(v, (values, shape, dtype) => fakeTf(values, shape, dtype));
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([2, 3]);
    const back = fromTfjs(t);
    expect(back.data).toBe(v.data);
    expect(back.shape).toEqual([2, 3]);
  });

  it('refuses int32 tensors', () => {
    const t = fakeTf(new Float32Array(2), [2], 'int32');
    expect(() => fromTfjs(t)).toThrow(/tfjs tensor type: expected 'float32'/);
  });
});
