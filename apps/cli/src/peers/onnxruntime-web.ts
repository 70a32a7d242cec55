/**
 * onnxruntime-web: the wasm execution provider (SIMD, optionally threaded), run in Node.
 * Exact attention as an ONNX graph over [b, h, n, d] tensors. Its thread count is a
 * process-wide setting fixed by the first session, so the recorded value is read back.
 */
import type { OnnxGraphKind } from './onnx-graph.ts';
import { type OrtModule, ortPeerAdapter } from './ort-peer.ts';
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

type OrtWebModule = OrtModule & {
  env: { wasm: { numThreads?: number; proxy?: boolean } };
};

export function onnxruntimeWeb(config: OnnxruntimeWebConfig = {}): PeerAdapter {
  return ortPeerAdapter<OrtWebModule>(
    {
      name: 'onnxruntime-web',
      versionKey: 'web',
      configure: (ort, threads) => {
        ort.env.wasm.numThreads = threads;
        ort.env.wasm.proxy = false;
        return {
          sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
          settings: {
            executionProvider: 'wasm (simd)',
            threads: ort.env.wasm.numThreads ?? threads,
          },
        };
      },
    },
    config,
  );
}
