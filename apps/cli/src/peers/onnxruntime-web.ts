/**
 * onnxruntime-web: the wasm execution provider (SIMD, optionally threaded), run in Node.
 * Exact attention as an ONNX graph over [b, h, n, d] tensors. Its thread count is a
 * process-wide setting fixed by the first session, so the recorded value is read back.
 */
import { configEnum, configInteger, rejectUnknownKeys } from '@attnkit/core';
import { importOptional, loadPeer } from './common.ts';
import { loadOnnx, type OnnxGraphKind } from './onnx-graph.ts';
import { type OrtLike, ortPeerSession } from './ort-session.ts';
import type { PeerAdapter } from './types.ts';

export interface OnnxruntimeWebConfig {
  /** env.wasm.numThreads. Default 1. */
  threads?: number;
  /**
   * 'unfused' MatMul/Softmax graph (default) or the opset-23 Attention op, whose wasm kernel
   * fails with an integer overflow at N ≥ 4096 in 1.30.
   */
  graph?: OnnxGraphKind;
}

const NAME = 'onnxruntime-web';
const GRAPHS: readonly OnnxGraphKind[] = ['unfused', 'attention'];

type OrtWebModule = OrtLike & {
  env: { versions: Record<string, string>; wasm: { numThreads?: number; proxy?: boolean } };
};

export function onnxruntimeWeb(config: OnnxruntimeWebConfig = {}): PeerAdapter {
  rejectUnknownKeys(config, ['threads', 'graph'], NAME);
  const threads = configInteger(config.threads, `${NAME} config.threads`, 1);
  const graph = configEnum(config.graph, `${NAME} config.graph`, GRAPHS, 'unfused');
  return {
    name: NAME,
    load: () =>
      loadPeer(NAME, async () => {
        const mod = await importOptional<OrtWebModule | { default: OrtWebModule }>(NAME);
        const ort = 'InferenceSession' in mod ? mod : mod.default;
        ort.env.wasm.numThreads = threads;
        ort.env.wasm.proxy = false;
        const onnx = await loadOnnx(importOptional);
        return ortPeerSession({
          name: NAME,
          version: ort.env.versions.web ?? ort.env.versions.common ?? 'unknown',
          ort,
          onnx,
          graph,
          sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
          settings: {
            executionProvider: 'wasm (simd)',
            threads: ort.env.wasm.numThreads ?? threads,
          },
        });
      }),
  };
}
