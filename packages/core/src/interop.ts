/**
 * Moving tensors between attnkit and onnxruntime or TensorFlow.js, without depending on either:
 * their tensors are read through the few members they share with ours (duck typing), and
 * theirs are made by the constructor or factory the caller passes in.
 *
 * No copy is made here. An onnxruntime float32 tensor on the CPU shares its Float32Array with
 * ours both ways. tfjs decides for itself: `dataSync()` may hand out the backend's own storage
 * (cpu) or a downloaded copy (webgl, wasm), and `tf.tensor` may keep or copy what it is given.
 * Either way, treat a shared array as read-only while both sides hold it.
 */
import { AttentionError, describe } from './errors.ts';
import { type Tensor, tensor } from './tensor.ts';

/** What attnkit reads from an onnxruntime `Tensor` (onnxruntime-node, -web, -common). */
export interface OnnxTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** An onnxruntime `Tensor` constructor, e.g. `ort.Tensor`. */
export type OnnxTensorConstructor<T> = new (
  type: 'float32',
  data: Float32Array,
  dims: readonly number[],
) => T;

/** What attnkit reads from a TensorFlow.js tensor. */
export interface TfjsTensorLike {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Its values on the CPU: a Float32Array for float32 tensors. */
  dataSync(): unknown;
}

/** A TensorFlow.js tensor factory, e.g. `tf.tensor`. */
export type TfjsTensorFactory<T> = (values: Float32Array, shape: number[], dtype: 'float32') => T;

function float32Data(data: unknown, argument: string, dtype: string): Float32Array {
  if (dtype !== 'float32')
    throw new AttentionError('UNSUPPORTED', `${argument} type`, "'float32'", describe(dtype));
  if (!(data instanceof Float32Array))
    throw new AttentionError(
      'UNSUPPORTED',
      `${argument}.data`,
      'a Float32Array on the CPU (download GPU tensors first, e.g. `await t.getData()`)',
      describe(data),
    );
  return data;
}

/** An attnkit tensor on the same memory as an onnxruntime float32 CPU tensor. */
export function fromOnnx(value: OnnxTensorLike): Tensor {
  return tensor(float32Data(value.data, 'onnx tensor', value.type), value.dims);
}

/**
 * An onnxruntime tensor on the same memory as `value`.
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * const feeds = { query: toOnnx(q, ort.Tensor) };
 * ```
 */
export function toOnnx<T>(value: Tensor, Tensor: OnnxTensorConstructor<T>): T {
  return new Tensor('float32', value.data, [...value.shape]);
}

/** An attnkit tensor on the array that the tfjs tensor's `dataSync()` returns (see above). */
export function fromTfjs(value: TfjsTensorLike): Tensor {
  return tensor(float32Data(value.dataSync(), 'tfjs tensor', value.dtype), value.shape);
}

/**
 * A tfjs tensor made by `factory` (`tf.tensor`) from `value`'s data and shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const t = toTfjs(out, tf.tensor);
 * ```
 */
export function toTfjs<T>(value: Tensor, factory: TfjsTensorFactory<T>): T {
  return factory(value.data, [...value.shape], 'float32');
}
