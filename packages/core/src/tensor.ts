import { AttentionError, describe } from './errors.ts';
import { createRng, type Rng } from './rng.ts';

/** Contiguous, row-major float32. Attention tensors are [B, H, N, D] (b h n d). */
export interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** Float64 twin of Tensor, returned by the reference so comparisons keep full precision. */
export interface Tensor64 {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** The number of elements of a tensor of `shape` (the product of its sizes). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Wraps data in a Tensor after checking that its length matches the shape. */
export function tensor(data: Float32Array, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  if (data.length !== n) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'data.length',
      `${n} for shape [${shape.join(', ')}]`,
      String(data.length),
    );
  }
  return { data, shape: [...shape] };
}

/** A zero-filled tensor of `shape`. */
export function zeros(shape: readonly number[]): Tensor {
  return { data: new Float32Array(sizeOf(shape)), shape: [...shape] };
}

/** Unit-normal entries times `scale`, from a seed or an existing generator. */
export function randn(shape: readonly number[], seed: number | Rng = 0, scale = 1): Tensor {
  const rng = typeof seed === 'number' ? createRng(seed) : seed;
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return { data, shape: [...shape] };
}

/** Checks a value is a Tensor of the given rank whose data length matches its shape. */
export function assertTensor(value: unknown, name: string, rank: number): asserts value is Tensor {
  const t = value as Tensor | null | undefined;
  if (!t || typeof t !== 'object' || !(t.data instanceof Float32Array) || !Array.isArray(t.shape)) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      name,
      'a Tensor { data: Float32Array, shape: number[] }',
      describe(value),
    );
  }
  if (t.shape.length !== rank) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      `${name}.shape`,
      `rank ${rank}`,
      `rank ${t.shape.length} [${t.shape.join(', ')}]`,
    );
  }
  for (let i = 0; i < rank; i++) {
    const s = t.shape[i];
    if (!Number.isInteger(s) || s < 1) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `${name}.shape[${i}]`,
        'a positive integer',
        describe(s),
      );
    }
  }
  const n = sizeOf(t.shape);
  if (t.data.length !== n) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      `${name}.data.length`,
      `${n} for shape [${t.shape.join(', ')}]`,
      String(t.data.length),
    );
  }
}

/** Throws NON_FINITE naming the first NaN or ±Infinity in a tensor. */
export function assertFinite(t: Tensor, name: string): void {
  const d = t.data;
  // x·0 is 0 for every finite x and NaN for NaN or ±Infinity, and NaN survives a sum: four
  // branch-free running sums read the tensor about 4× faster than a test per element (this
  // check reads every input of every call). Only a bad tensor pays for the search below.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = d.length & ~3;
  for (let i = 0; i < n4; i += 4) {
    s0 += d[i] * 0;
    s1 += d[i + 1] * 0;
    s2 += d[i + 2] * 0;
    s3 += d[i + 3] * 0;
  }
  for (let i = n4; i < d.length; i++) s0 += d[i] * 0;
  if (s0 + s1 + s2 + s3 === 0) return;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    if (x - x !== 0) {
      throw new AttentionError('NON_FINITE', `${name}.data[${i}]`, 'a finite number', String(x));
    }
  }
}
