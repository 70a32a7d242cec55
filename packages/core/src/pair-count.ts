import type { AttentionOptions, AttentionShape } from './types.ts';
import { resolveKeyLengths } from './validate.ts';

/** A sliding window: query at key position p sees key j iff j − p = m·dilation, −left ≤ m ≤ right. */
export interface PairBand {
  left: number;
  right: number;
  dilation: number;
}

/**
 * The masks `visiblePairCount` counts through, in the same terms as `AttentionOptions`, so a
 * variant's `cost()` and its kernels agree on which pairs exist.
 */
export interface PairMask {
  /** Query i sees key j only if j ≤ i + diagonal. */
  causal?: boolean;
  /** Key position of query 0 (default Nk − Nq: bottom-right aligned, as causal). */
  diagonal?: number;
  /** Keys at index ≥ keyLength are padding (default Nk). */
  keyLength?: number;
  /** A sliding window (local-window); absent means every key the other masks leave. */
  band?: PairBand;
}

/**
 * Visible query–key pairs of ONE head: how many (i, j), i < Nq, j < Nk, survive the causal
 * mask, padding and an optional band. Closed form without a band (O(1) at N = 10¹²), O(Nq) with
 * one. This is the count every variant's `cost().flops` is built on (2·(D + Dv) per pair).
 */
export function visiblePairCount(Nq: number, Nk: number, mask: PairMask = {}): number {
  const offset = mask.diagonal ?? Nk - Nq;
  const length = Math.min(Nk, mask.keyLength ?? Nk);
  if (Nq <= 0 || length <= 0) return 0;
  if (mask.band) return bandPairCount(Nq, length, offset, mask.band, mask.causal === true);
  if (!mask.causal) return Nq * length;
  // Row i sees min(length, max(0, i + offset + 1)) keys: a clamped ramp, summed in closed form.
  const lo = Math.min(Nq, Math.max(0, -offset)); // rows before lo see nothing
  const hi = Math.min(Nq, Math.max(lo, length - offset - 1)); // rows from hi see all keys
  const ramp = hi > lo ? ((hi - lo) * (lo + offset + 1 + (hi + offset))) / 2 : 0;
  return ramp + (Nq - hi) * length;
}

function bandPairCount(
  Nq: number,
  length: number,
  offset: number,
  band: PairBand,
  causal: boolean,
): number {
  const d = band.dilation;
  const lo = -band.left;
  const hi = causal ? Math.min(band.right, 0) : band.right;
  if (hi < lo) return 0;
  const rowPairs = (p: number) => {
    const first = Math.max(lo, Math.ceil(-p / d));
    const last = Math.min(hi, Math.floor((length - 1 - p) / d));
    return last >= first ? last - first + 1 : 0;
  };
  // Rows whose whole band lies inside [0, length) see hi − lo + 1 keys each; only the edges
  // (at most a window's worth of rows on each side) are counted one by one.
  const iStart = Math.max(0, -hi * d - offset); // earlier rows see nothing
  const iEnd = Math.min(Nq, length - 1 - lo * d - offset + 1); // later rows see nothing
  const inStart = Math.max(iStart, -lo * d - offset);
  const inEnd = Math.max(inStart, Math.min(iEnd, length - 1 - hi * d - offset + 1));
  let pairs = (inEnd - inStart) * (hi - lo + 1);
  for (let i = iStart; i < Math.min(inStart, iEnd); i++) pairs += rowPairs(i + offset);
  for (let i = Math.max(inEnd, iStart); i < iEnd; i++) pairs += rowPairs(i + offset);
  return pairs;
}

/**
 * Visible pairs of a whole call: every batch entry (its own padding length) times the query
 * heads. What the bench gate and the pool planner should read as "useful work".
 */
export function callPairCount(
  shape: Pick<AttentionShape, 'batch' | 'heads' | 'queryLength' | 'keyLength'>,
  options?: Pick<AttentionOptions, 'causal' | 'keyLengths'>,
  band?: PairBand,
): number {
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk } = shape;
  const lengths = resolveKeyLengths(options?.keyLengths, B, Nk);
  const causal = options?.causal === true;
  const seen = new Map<number, number>();
  let pairs = 0;
  for (let b = 0; b < B; b++) {
    let count = seen.get(lengths[b]);
    if (count === undefined) {
      count = visiblePairCount(Nq, Nk, { causal, keyLength: lengths[b], band });
      seen.set(lengths[b], count);
    }
    pairs += count;
  }
  return H * pairs;
}
