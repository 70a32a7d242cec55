/**
 * One PeerSession over either onnxruntime package (node: native CPU EP, web: wasm EP): they
 * share onnxruntime-common's API. An ONNX model is built per (shape, causal, scale) and its
 * session cached, so timed calls only run the graph. Dimension letters: b h n d.
 */
import type { Tensor } from '@attnkit/core';
import { expandKvHeads, resolvePeerCall, zeroHiddenRows } from './common.ts';
import { buildAttentionModel, type Onnx, type OnnxGraphKind, onnxOpset } from './onnx-graph.ts';
import type { PeerForwardOptions, PeerSession } from './types.ts';

interface OrtSessionLike {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}

/** The part of onnxruntime-common both packages export. */
export interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options?: object): Promise<OrtSessionLike> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** Sessions kept per peer: the bench walks N upward, and a causal session holds an N² mask. */
const MAX_CACHED = 4;

export interface OrtPeerConfig {
  name: string;
  version: string;
  ort: OrtLike;
  onnx: Onnx;
  graph: OnnxGraphKind;
  sessionOptions: object;
  settings: Record<string, string | number | boolean>;
}

export function ortPeerSession(config: OrtPeerConfig): PeerSession {
  const { name, ort, onnx, graph } = config;
  const sessions = new Map<string, Promise<OrtSessionLike>>();
  let disposed = false;

  const sessionFor = (key: string, model: () => Uint8Array): Promise<OrtSessionLike> => {
    const cached = sessions.get(key);
    if (cached) {
      sessions.delete(key);
      sessions.set(key, cached);
      return cached;
    }
    if (sessions.size >= MAX_CACHED) {
      const [oldestKey, oldest] = sessions.entries().next().value as [
        string,
        Promise<OrtSessionLike>,
      ];
      sessions.delete(oldestKey);
      void oldest.then((s) => s.release()).catch(() => undefined);
    }
    const created = ort.InferenceSession.create(model(), config.sessionOptions);
    // A failed creation must not poison the cache for the next try.
    created.catch(() => sessions.delete(key));
    sessions.set(key, created);
    return created;
  };

  const forward = async (q: Tensor, k: Tensor, v: Tensor, options: PeerForwardOptions = {}) => {
    if (disposed) throw new Error(`${name}: session used after dispose()`);
    const call = resolvePeerCall(name, q, k, v, options);
    const s = call.shape;
    const key = `${s.batch}x${s.heads}x${s.queryLength}x${s.keyLength}x${s.headDim}x${s.valueDim}:${call.causal}:${call.scale}`;
    const session = await sessionFor(key, () =>
      buildAttentionModel(onnx, graph, s, call.causal, call.scale),
    );
    const kvDims = [s.batch, s.heads, s.keyLength];
    const out = await session.run({
      q: new ort.Tensor('float32', q.data, q.shape),
      k: new ort.Tensor('float32', expandKvHeads(k, s.heads), [...kvDims, s.headDim]),
      v: new ort.Tensor('float32', expandKvHeads(v, s.heads), [...kvDims, s.valueDim]),
    });
    const data = out.o.data;
    if (!(data instanceof Float32Array)) throw new Error(`${name}: output is not float32`);
    return zeroHiddenRows(data, call);
  };

  return {
    name,
    version: config.version,
    settings: { ...config.settings, graph, opset: onnxOpset(graph) },
    forward,
    async dispose() {
      disposed = true;
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((p) => p.then((s) => s.release()).catch(() => undefined)));
    },
  };
}
