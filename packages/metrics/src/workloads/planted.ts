/**
 * Planted dependencies at chosen distances: positions drawn once per workload (the same in every
 * stream), bucketed by DISTANCE_BUCKETS, plus a group at distance ≥ Nk/2 — the dependencies a
 * long-context model must not lose.
 */
import type { Rng } from '@attnkit/core';
import { DISTANCE_BUCKETS } from '../row-set.ts';
import { direction } from './common.ts';
import type { Stream } from './types.ts';

export interface PlantedPositions {
  /** Query positions p (in key coordinates, 0 … Nk − 1). */
  query: Int32Array;
  key: Int32Array;
}

/**
 * Distinct query and key positions; query ≥ firstQuery (the first position that has a query)
 * and key ≥ firstKey (to keep sink tokens free); key < query, so pairs are visible when causal.
 */
export function plantPositions(
  n: number,
  rng: Rng,
  options: {
    perBucket: number;
    long: number;
    firstQuery: number;
    firstKey: number;
    minDistance?: number;
  },
): PlantedPositions {
  const query: number[] = [];
  const key: number[] = [];
  const used = new Set<number>();
  const add = (lo: number, hi: number, count: number) => {
    for (let c = 0, tries = 0; c < count && tries < 64 * count; tries++) {
      const distance = lo + rng.int(hi - lo);
      const qLo = Math.max(options.firstQuery, options.firstKey + distance);
      if (qLo >= n) return;
      const p = qLo + rng.int(n - qLo);
      const j = p - distance;
      if (used.has(p) || used.has(j)) continue;
      used.add(p);
      used.add(j);
      query.push(p);
      key.push(j);
      c++;
    }
  };
  const half = Math.ceil(n / 2);
  for (const b of DISTANCE_BUCKETS) {
    const lo = Math.max(b.lo, options.minDistance ?? 1);
    const hi = Math.min(b.hi, half);
    if (lo < hi) add(lo, hi, options.perBucket);
  }
  add(half, n, options.long);
  return { query: Int32Array.from(query), key: Int32Array.from(key) };
}

/**
 * Writes q_p = k_j = u with ‖u‖² = margin·√D, so the planted score u·u/√D exceeds the mean of
 * the (zero-mean) background scores by exactly `margin` logits at the default scale 1/√D;
 * coordinates below firstDim are left to other roles (the sink channel).
 */
export function plantPairs(
  s: Stream,
  rng: Rng,
  at: PlantedPositions,
  margin: number,
  firstDim = 0,
) {
  for (let x = 0; x < at.query.length; x++) {
    const u = direction(s.d - firstDim, margin * Math.sqrt(s.d), rng);
    s.q.set(u, at.query[x] * s.d + firstDim);
    s.k.set(u, at.key[x] * s.d + firstDim);
  }
}

/** Positions → workload coordinates (query index i = p − (Nk − Nq)). */
export function toWorkload(at: PlantedPositions, offset: number) {
  return { query: at.query.map((p) => p - offset), key: at.key.slice() };
}
