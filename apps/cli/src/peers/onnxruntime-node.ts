/**
 * onnxruntime-node: native CPU execution provider. Exact attention as an ONNX graph over
 * [b, h, n, d] tensors; intra-op threads are set explicitly (default 1) and recorded.
 */
import { configEnum, configInteger, rejectUnknownKeys } from '@attnkit/core';
import { importOptional, loadPeer } from './common.ts';
import { loadOnnx, type OnnxGraphKind } from './onnx-graph.ts';
import { type OrtLike, ortPeerSession } from './ort-session.ts';
import type { PeerAdapter } from './types.ts';

export interface OnnxruntimeNodeConfig {
  /** intra_op_num_threads. Default 1, to compare with single-threaded attnkit. */
  threads?: number;
  /** 'unfused' MatMul/Softmax graph (default) or the opset-23 Attention op. */
  graph?: OnnxGraphKind;
}

const NAME = 'onnxruntime-node';
const GRAPHS: readonly OnnxGraphKind[] = ['unfused', 'attention'];

type OrtNodeModule = OrtLike & { env: { versions: Record<string, string> } };

export function onnxruntimeNode(config: OnnxruntimeNodeConfig = {}): PeerAdapter {
  rejectUnknownKeys(config, ['threads', 'graph'], NAME);
  const threads = configInteger(config.threads, `${NAME} config.threads`, 1);
  const graph = configEnum(config.graph, `${NAME} config.graph`, GRAPHS, 'unfused');
  return {
    name: NAME,
    load: () =>
      loadPeer(NAME, async () => {
        const mod = await importOptional<OrtNodeModule | { default: OrtNodeModule }>(NAME);
        const ort = 'InferenceSession' in mod ? mod : mod.default;
        const onnx = await loadOnnx(importOptional);
        return ortPeerSession({
          name: NAME,
          version: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
          ort,
          onnx,
          graph,
          sessionOptions: {
            executionProviders: ['cpu'],
            intraOpNumThreads: threads,
            interOpNumThreads: 1,
            executionMode: 'sequential',
            graphOptimizationLevel: 'all',
            logSeverityLevel: 3,
          },
          settings: { executionProvider: 'cpu (native)', intraOpThreads: threads },
        });
      }),
  };
}
