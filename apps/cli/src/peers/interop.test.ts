// @attnkit/core's interop helpers against the real libraries (core's own test uses look-alikes).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fromOnnx, fromTfjs, randn, toOnnx, toTfjs } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { importOptional } from './common.ts';

type Ort = typeof import('onnxruntime-node');
type Tf = typeof import('@tensorflow/tfjs-core');
type TfWasm = typeof import('@tensorflow/tfjs-backend-wasm');

/** The module, or the reason it cannot load (a failure when CI requires the peers). */
async function optional<T>(specifier: string): Promise<T | string> {
  try {
    const mod = await importOptional<T | { default: T }>(specifier);
    return (mod as { default?: T }).default ?? (mod as T);
  } catch (error) {
    if (process.env.ATTNKIT_REQUIRE_PEERS) throw error;
    return (error as Error).message;
  }
}

const ort = await optional<Ort>('onnxruntime-node');
const tf = await optional<Tf>('@tensorflow/tfjs-core');
const tfWasm = await optional<TfWasm>('@tensorflow/tfjs-backend-wasm');

describe.skipIf(typeof ort === 'string')(`onnxruntime-node Tensor ${ort}`, () => {
  it('toOnnx makes a real ort.Tensor on the same memory; fromOnnx reads it back', () => {
    const { Tensor } = ort as Ort;
    const q = randn([1, 2, 5, 4], 3);
    const t = toOnnx(q, Tensor);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.type).toBe('float32');
    expect(t.dims).toEqual([1, 2, 5, 4]);
    expect(t.data).toBe(q.data);
    const back = fromOnnx(t);
    expect(back.data).toBe(q.data);
    expect(back.shape).toEqual([1, 2, 5, 4]);
  });
});

describe.skipIf(typeof tf === 'string' || typeof tfWasm === 'string')(
  `tfjs tensor (wasm backend) ${typeof tf === 'string' ? tf : ''}`,
  () => {
    it('toTfjs then fromTfjs returns equal values and shape', async () => {
      const lib = tf as Tf;
      const dist = path.dirname(
        createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
      );
      (tfWasm as TfWasm).setWasmPaths(`${dist}/`);
      expect(await lib.setBackend('wasm')).toBe(true);
      const v = randn([2, 3, 4], 4);
      const t = toTfjs(v, lib.tensor);
      expect(t.shape).toEqual([2, 3, 4]);
      const back = fromTfjs(t);
      expect(back.shape).toEqual([2, 3, 4]);
      expect([...back.data]).toEqual([...v.data]);
      t.dispose();
    });
  },
);
