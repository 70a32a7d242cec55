/**
 * Peers: other libraries' exact attention, behind one async interface, for the peers suite
 * (benchmarks/src/peers.bench.ts, through `@attnkit/cli/peers`) and `attnkit bench`'s `--peers`. Importing this module loads
 * no peer; `load()` does, and reports a missing or broken one instead of throwing.
 */
import { type OnnxruntimeNodeConfig, onnxruntimeNode } from './onnxruntime-node.ts';
import { type OnnxruntimeWebConfig, onnxruntimeWeb } from './onnxruntime-web.ts';
import { tfjsWasm } from './tfjs-wasm.ts';
import type { PeerAdapter } from './types.ts';

export { causalMask } from './common.ts';
export type { OnnxGraphKind } from './onnx-graph.ts';
export * from './types.ts';
export type { OnnxruntimeNodeConfig, OnnxruntimeWebConfig };
export { onnxruntimeNode, onnxruntimeWeb, tfjsWasm };

export const peerNames = ['onnxruntime-node', 'onnxruntime-web', 'tfjs-wasm'] as const;
export type PeerName = (typeof peerNames)[number];

export interface PeerConfig {
  /** Threads for the onnxruntime peers (tfjs-wasm has no threaded build in Node). Default 1. */
  threads?: number;
}

/** One adapter by name; an unknown name throws, listing the known ones. */
export function getPeer(name: string, config: PeerConfig = {}): PeerAdapter {
  switch (name) {
    case 'onnxruntime-node':
      return onnxruntimeNode({ threads: config.threads });
    case 'onnxruntime-web':
      return onnxruntimeWeb({ threads: config.threads });
    case 'tfjs-wasm':
      return tfjsWasm();
    default:
      throw new Error(`unknown peer '${name}': expected one of ${peerNames.join(', ')}`);
  }
}

/** Every peer with default settings (one thread). */
export const peers: readonly PeerAdapter[] = peerNames.map((name) => getPeer(name));
