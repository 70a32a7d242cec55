/**
 * onnxruntime-node: native CPU execution provider. Exact attention as an ONNX graph over
 * [b, h, n, d] tensors; intra-op threads are set explicitly (default 1) and recorded.
 */
import type { OnnxGraphKind } from './onnx-graph.ts';
import { ortPeerAdapter } from './ort-peer.ts';
import type { PeerAdapter } from './types.ts';

export interface OnnxruntimeNodeConfig {
  /** intra_op_num_threads. Default 1, to compare with single-threaded attnkit. */
  threads?: number;
  /** 'unfused' MatMul/Softmax graph (default) or the opset-23 Attention op. */
  graph?: OnnxGraphKind;
}

export function onnxruntimeNode(config: OnnxruntimeNodeConfig = {}): PeerAdapter {
  return ortPeerAdapter(
    {
      name: 'onnxruntime-node',
      versionKey: 'node',
      configure: (_ort, threads) => ({
        sessionOptions: {
          executionProviders: ['cpu'],
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          executionMode: 'sequential',
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
        },
        settings: { executionProvider: 'cpu (native)', intraOpThreads: threads },
      }),
    },
    config,
  );
}
