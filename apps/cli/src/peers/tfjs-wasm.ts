/**
 * tfjs-wasm: TensorFlow.js with its WebAssembly backend (XNNPACK, SIMD) in Node.
 * Exact attention from tfjs ops over [b, h, n, d] tensors: matMul(q, kᵀ) · scale + mask →
 * softmax → matMul(·, v). The causal mask is an additive [nq, nk] tensor cached per shape.
 * The backend is process-wide: loading this peer switches tfjs to 'wasm'.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Tensor } from '@attnkit/core';
import {
  causalMask,
  expandKvHeads,
  importOptional,
  loadPeer,
  resolvePeerCall,
  zeroHiddenRows,
} from './common.ts';
import type { PeerAdapter, PeerForwardOptions, PeerSession } from './types.ts';

type Tf = typeof import('@tensorflow/tfjs-core');
type TfWasm = typeof import('@tensorflow/tfjs-backend-wasm');
type TfTensor = ReturnType<Tf['tensor']>;

const NAME = 'tfjs-wasm';
const MAX_CACHED_MASKS = 2;

/** tfjs-core and the backend are CommonJS; take the module object from wherever Node put it. */
function moduleObject<T extends object>(mod: T | { default: T }, key: string): T {
  return key in mod ? (mod as T) : (mod as { default: T }).default;
}

async function openTfjsWasm(): Promise<PeerSession> {
  const tf = moduleObject(await importOptional<Tf>('@tensorflow/tfjs-core'), 'matMul');
  const wasm = moduleObject(
    await importOptional<TfWasm>('@tensorflow/tfjs-backend-wasm'),
    'setWasmPaths',
  );
  // In Node the backend fetches its .wasm files from a path, which must end with '/'.
  const dist = path.dirname(
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
  );
  wasm.setWasmPaths(`${dist}/`);
  if (!(await tf.setBackend('wasm')))
    throw new Error("tfjs could not initialise its 'wasm' backend");
  await tf.ready();
  const masks = new Map<string, TfTensor>();

  const maskFor = (nq: number, nk: number): TfTensor => {
    const key = `${nq}x${nk}`;
    let mask = masks.get(key);
    if (!mask) {
      if (masks.size >= MAX_CACHED_MASKS) {
        const [oldKey, old] = masks.entries().next().value as [string, TfTensor];
        masks.delete(oldKey);
        old.dispose();
      }
      mask = tf.tensor2d(causalMask(nq, nk), [nq, nk]);
      masks.set(key, mask);
    }
    return mask;
  };

  const forward = async (q: Tensor, k: Tensor, v: Tensor, options: PeerForwardOptions = {}) => {
    const call = resolvePeerCall(NAME, q, k, v, options);
    const {
      batch: B,
      heads: H,
      queryLength: Nq,
      keyLength: Nk,
      headDim: D,
      valueDim: Dv,
    } = call.shape;
    const mask = call.causal ? maskFor(Nq, Nk) : null;
    const out = tf.tidy(() => {
      const qt = tf.tensor4d(q.data, [B, H, Nq, D]);
      const kt = tf.tensor4d(expandKvHeads(k, H), [B, H, Nk, D]);
      const vt = tf.tensor4d(expandKvHeads(v, H), [B, H, Nk, Dv]);
      const scaled = tf.mul(tf.matMul(qt, kt, false, true), tf.scalar(call.scale));
      const scores = mask ? tf.add(scaled, mask) : scaled;
      return tf.matMul(tf.softmax(scores), vt);
    });
    try {
      const data = await out.data();
      if (!(data instanceof Float32Array)) throw new Error(`${NAME}: output is not float32`);
      return zeroHiddenRows(data, call);
    } finally {
      out.dispose();
    }
  };

  return {
    name: NAME,
    version: wasm.version_wasm,
    settings: {
      backend: tf.getBackend(),
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      threads: wasm.getThreadsCount(),
    },
    forward,
    async dispose() {
      for (const mask of masks.values()) mask.dispose();
      masks.clear();
    },
  };
}

export function tfjsWasm(): PeerAdapter {
  return { name: NAME, load: () => loadPeer(NAME, openTfjsWasm) };
}
