/**
 * The adapter both onnxruntime peers are: the same config keys (threads, graph), the same
 * loading (optional import, CommonJS default, onnx builder) and the same session; what differs
 * is each package's execution provider, set up by its flavour.
 */
import { configEnum, configInteger, rejectUnknownKeys } from '@attnkit/core';
import { importOptional, loadPeer } from './common.ts';
import { loadOnnx, type OnnxGraphKind } from './onnx-graph.ts';
import { type OrtLike, type OrtPeerConfig, ortPeerSession } from './ort-session.ts';
import type { PeerAdapter } from './types.ts';

/** An onnxruntime package as imported: onnxruntime-common's API and its version table. */
export type OrtModule = OrtLike & { env: { versions: Record<string, string> } };

export interface OrtFlavour<M extends OrtModule> {
  /** The npm package, also the peer's name. */
  name: 'onnxruntime-node' | 'onnxruntime-web';
  /** The package's own key in `env.versions` (`common` is the fallback). */
  versionKey: string;
  /** Sets the package up for `threads` threads; returns the session options and the settings to record. */
  configure(ort: M, threads: number): Pick<OrtPeerConfig, 'sessionOptions' | 'settings'>;
}

const GRAPHS: readonly OnnxGraphKind[] = ['unfused', 'attention'];

export function ortPeerAdapter<M extends OrtModule>(
  flavour: OrtFlavour<M>,
  config: { threads?: number; graph?: OnnxGraphKind },
): PeerAdapter {
  const { name } = flavour;
  rejectUnknownKeys(config, ['threads', 'graph'], name);
  const threads = configInteger(config.threads, `${name} config.threads`, 1);
  const graph = configEnum(config.graph, `${name} config.graph`, GRAPHS, 'unfused');
  return {
    name,
    load: () =>
      loadPeer(name, async () => {
        const mod = await importOptional<M | { default: M }>(name);
        const ort = 'InferenceSession' in mod ? mod : mod.default;
        const { sessionOptions, settings } = flavour.configure(ort, threads);
        const onnx = await loadOnnx(importOptional);
        const { versions } = ort.env;
        const version = versions[flavour.versionKey] ?? versions.common ?? 'unknown';
        return ortPeerSession({ name, version, ort, onnx, graph, sessionOptions, settings });
      }),
  };
}
