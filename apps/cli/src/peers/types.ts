/**
 * The peer contract: another library's exact softmax attention behind one async call, so the
 * `attnkit bench` and the peers suite can time it beside attnkit on the same inputs.
 * Tensors are [b, h, n, d] (batch, heads, sequence, head dim), row-major float32.
 */
import type { Tensor } from '@attnkit/core';

export interface PeerForwardOptions {
  /** Bottom-right aligned, as in attnkit: query i sees key j iff j <= i + (Nk − Nq). */
  causal?: boolean;
  /** Default 1 / sqrt(D). */
  scale?: number;
}

export interface PeerSession {
  readonly name: string;
  /** The peer library's own version string. */
  readonly version: string;
  /** What decides its speed (threads, graph, backend), to be printed beside every figure. */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  /** softmax(scale·QKᵀ + mask)·V as [B, H, Nq, Dv]; a row with no visible key is zeros. */
  forward(q: Tensor, k: Tensor, v: Tensor, options?: PeerForwardOptions): Promise<Float32Array>;
  /** Frees cached sessions and tensors. The session is unusable afterwards. */
  dispose(): Promise<void>;
}

/** Why a peer cannot run here (not installed, failed to load, failed its smoke call). */
export interface PeerUnavailable {
  readonly name: string;
  readonly unavailable: string;
}

export interface PeerAdapter {
  readonly name: string;
  /** Never throws: a missing or broken peer resolves to `{ unavailable: reason }`. */
  load(): Promise<PeerSession | PeerUnavailable>;
}

export function isUnavailable(loaded: PeerSession | PeerUnavailable): loaded is PeerUnavailable {
  return 'unavailable' in loaded;
}
