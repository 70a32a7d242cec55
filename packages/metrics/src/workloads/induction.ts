/**
 * induction: the copy pattern of induction heads (Olsson et al. 2022, "In-context learning and
 * induction heads", §2: "attend to the token after a previous occurrence of the current token").
 * Every position holds a fresh token except copied segments (length SEGMENT, two per distance
 * bucket) that repeat an earlier stretch; a token's embedding E has ‖E‖² = margin·√D (knob,
 * default 8 logits). Query p carries E[t_p], key j carries E[t_{j−1}] (what a previous-token
 * head writes), so query p scores `margin` above the background on key m + 1 after the earlier
 * occurrence m of its token: the planted pair (p, m + 1), at distance lag − 1.
 * Causal by nature: without a causal mask query p also matches key p + 1 (its own next token).
 */
import { createRng, type Rng } from '@attnkit/core';
import { DISTANCE_BUCKETS } from '../row-set.ts';
import { assemble, badKnob, direction } from './common.ts';
import type { Workload, WorkloadParams } from './types.ts';

export const SEGMENT = 4;
export const SEGMENTS_PER_BUCKET = 2;

interface Copies {
  /** token id at each position (fresh tokens: their position). */
  tokens: Int32Array;
  query: number[];
  key: number[];
}

function copySegments(n: number, firstQuery: number, rng: Rng): Copies {
  const tokens = Int32Array.from({ length: n }, (_, p) => p);
  const used = new Uint8Array(n);
  const query: number[] = [];
  const key: number[] = [];
  for (const b of DISTANCE_BUCKETS) {
    // distance = lag − 1 in [lo, hi); the source segment and its next key must exist.
    const lo = Math.max(b.lo, 1) + 1;
    const hi = Math.min(b.hi + 1, n - SEGMENT);
    for (let c = 0, tries = 0; c < SEGMENTS_PER_BUCKET && lo < hi && tries < 256; tries++) {
      const lag = lo + rng.int(hi - lo);
      const dstLo = Math.max(firstQuery, lag);
      if (dstLo + SEGMENT > n) continue;
      const dst = dstLo + rng.int(n - SEGMENT - dstLo + 1);
      const src = dst - lag;
      let free = true;
      for (let s = 0; s <= SEGMENT && free; s++)
        free = !used[src + s] && (dst + s >= n || !used[dst + s]);
      if (!free) continue;
      for (let s = 0; s <= SEGMENT; s++) {
        used[src + s] = 1;
        if (dst + s < n) used[dst + s] = 1;
      }
      for (let s = 0; s < SEGMENT; s++) {
        tokens[dst + s] = tokens[src + s];
        query.push(dst + s);
        key.push(src + s + 1);
      }
      c++;
    }
  }
  return { tokens, query, key };
}

export function inductionWorkload(
  p: Required<WorkloadParams>,
): Pick<Workload, 'q' | 'k' | 'v' | 'knob' | 'planted'> {
  if (!(p.knob > 0)) throw badKnob('induction knob (margin)', '> 0', p.knob);
  const offset = p.keyLength - p.queryLength;
  const copies = copySegments(p.keyLength, offset, createRng(p.seed * 31 + 7));
  const t = assemble(p, (s, rng) => {
    const embedding = Array.from({ length: s.n + 1 }, () => null as Float32Array | null);
    const e = (token: number) =>
      (embedding[token] ??= direction(s.d, p.knob * Math.sqrt(s.d), rng));
    for (let x = 0; x < s.n; x++) {
      s.q.set(e(copies.tokens[x]), x * s.d);
      // key 0 has no previous token: a beginning-of-sequence embedding of its own (id n).
      s.k.set(e(x === 0 ? s.n : copies.tokens[x - 1]), x * s.d);
    }
  });
  const order = copies.query.map((_, x) => x).sort((a, b) => copies.query[a] - copies.query[b]);
  return {
    ...t,
    planted: {
      query: Int32Array.from(order, (x) => copies.query[x] - offset),
      key: Int32Array.from(order, (x) => copies.key[x]),
    },
    knob: { name: 'margin', value: p.knob },
  };
}
