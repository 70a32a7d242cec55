/**
 * What every peer adapter shares: the checked call, grouped-query expansion, the rows a
 * bottom-right causal mask hides entirely, and a load wrapper that turns any failure into a
 * reported reason. Dimension letters: b batch, h heads, n sequence, d head dim.
 */
import { type AttentionOptions, type ResolvedCall, type Tensor, validateCall } from '@attnkit/core';
import type { PeerForwardOptions, PeerSession, PeerUnavailable } from './types.ts';

const PEER_TRAITS = { causal: true, crossAttention: true, keyLengths: false, scoreBias: false };

/** The same shape and option checks attnkit's variants run, so bad input fails the same way. */
export function resolvePeerCall(
  name: string,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: PeerForwardOptions = {},
): ResolvedCall {
  return validateCall(q, k, v, options as AttentionOptions, PEER_TRAITS, name);
}

/** [b, hkv, n, d] → [b, h, n, d] by repeating each kv head h/hkv times (GQA for peers without it). */
export function expandKvHeads(t: Tensor, heads: number): Float32Array {
  const [B, Hkv, N, D] = t.shape;
  if (Hkv === heads) return t.data;
  const group = heads / Hkv;
  const out = new Float32Array(B * heads * N * D);
  const block = N * D;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < heads; h++) {
      const src = (b * Hkv + Math.floor(h / group)) * block;
      out.set(t.data.subarray(src, src + block), (b * heads + h) * block);
    }
  }
  return out;
}

/** Query rows that see no key under the causal mask (only when Nq > Nk). */
export function hiddenRows(call: ResolvedCall): number {
  return call.causal ? Math.max(0, -call.causalOffset) : 0;
}

/**
 * Softmax over an all −∞ row is NaN in every peer; attnkit's contract says zeros, so the
 * adapter writes them (those rows carry no work to time).
 */
export function zeroHiddenRows(out: Float32Array, call: ResolvedCall): Float32Array {
  const rows = hiddenRows(call);
  if (rows === 0) return out;
  const { batch, heads, queryLength, valueDim } = call.shape;
  for (let bh = 0; bh < batch * heads; bh++) {
    const start = bh * queryLength * valueDim;
    out.fill(0, start, start + rows * valueDim);
  }
  return out;
}

/** Additive causal mask [Nq, Nk]: 0 where visible, −∞ where hidden. */
export function causalMask(queryLength: number, keyLength: number): Float32Array {
  const mask = new Float32Array(queryLength * keyLength);
  const offset = keyLength - queryLength;
  for (let i = 0; i < queryLength; i++) {
    const firstHidden = Math.max(0, Math.min(keyLength, i + offset + 1));
    mask.fill(Number.NEGATIVE_INFINITY, i * keyLength + firstHidden, (i + 1) * keyLength);
  }
  return mask;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}

/** A module the peer needs; a missing optional dependency becomes a readable reason. */
export async function importOptional<T>(specifier: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      throw new Error(
        `${specifier} is not installed (an optional dependency of @attnkit/cli: npm i ${specifier})`,
      );
    throw new Error(`${specifier} failed to load: ${errorText(error)}`);
  }
}

/**
 * Opens a peer and runs one tiny causal call through it, so a peer that imports but cannot
 * run (missing wasm file, unsupported op) is reported here rather than in the middle of a run.
 */
export async function loadPeer(
  name: string,
  open: () => Promise<PeerSession>,
): Promise<PeerSession | PeerUnavailable> {
  let session: PeerSession | undefined;
  try {
    session = await open();
    const q: Tensor = { data: new Float32Array([1, 0, 0, 1, 0.5, -0.5]), shape: [1, 1, 3, 2] };
    const out = await session.forward(q, q, q, { causal: true });
    if (out.length !== 6 || !out.every(Number.isFinite))
      throw new Error(`smoke call returned ${out.length} values, not 6 finite ones`);
    return session;
  } catch (error) {
    await session?.dispose().catch(() => undefined);
    return { name, unavailable: errorText(error) };
  }
}
