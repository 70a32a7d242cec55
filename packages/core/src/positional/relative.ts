import { configBoolean, configInteger } from '../config.ts';
import { AttentionError, describe } from '../errors.ts';
import { createRng } from '../rng.ts';
import type { ScoreBias } from '../score-bias.ts';

/**
 * T5's bucket of a relative position rel = kPos − qPos (Raffel et al. 2020): exact buckets for
 * small distances, log-spaced ones up to maxDistance, the last bucket beyond; bidirectional
 * models split the buckets between keys before and after the query.
 */
export function t5RelativeBucket(
  rel: number,
  bidirectional = true,
  numBuckets = 32,
  maxDistance = 128,
): number {
  let bucket = 0;
  let n = numBuckets;
  let distance: number;
  if (bidirectional) {
    n = Math.floor(n / 2);
    if (rel > 0) bucket += n;
    distance = Math.abs(rel);
  } else {
    distance = Math.max(0, -rel);
  }
  const maxExact = Math.floor(n / 2);
  if (distance < maxExact) return bucket + distance;
  const large =
    maxExact +
    Math.floor((Math.log(distance / maxExact) / Math.log(maxDistance / maxExact)) * (n - maxExact));
  return bucket + Math.min(large, n - 1);
}

/** The shape of a T5 or Shaw relative-position bias: heads, buckets and the largest distance told apart. */
export interface RelativeBiasConfig {
  heads: number;
  /** Largest distance with its own entry; farther pairs share the clipped one. */
  maxDistance: number;
  /** Learned values; default seeded N(0, 0.1²). T5: [heads, numBuckets]; Shaw: [heads, 2·maxDistance + 1]. */
  weights?: Float32Array;
  seed?: number;
}

function weightsOf(config: RelativeBiasConfig, perHead: number, what: string): Float32Array {
  const n = config.heads * perHead;
  if (config.weights === undefined) {
    const rng = createRng(config.seed ?? 0);
    return Float32Array.from({ length: n }, () => rng.normal() * 0.1);
  }
  if (!(config.weights instanceof Float32Array) || config.weights.length !== n) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      `${what} config.weights`,
      `Float32Array(${n}) for [${config.heads}, ${perHead}]`,
      describe(config.weights),
    );
  }
  return config.weights;
}

/** T5-style bucketed relative bias, learned per head, expanded to a per-distance table (exact: buckets saturate at maxDistance). */
export function t5Bias(
  config: RelativeBiasConfig & { numBuckets?: number; bidirectional?: boolean },
): ScoreBias {
  const heads = configInteger(config.heads, 't5Bias config.heads', 0);
  const R = configInteger(config.maxDistance, 't5Bias config.maxDistance', 0);
  const numBuckets = configInteger(config.numBuckets, 't5Bias config.numBuckets', 32, 2);
  const bidirectional = configBoolean(config.bidirectional, 't5Bias config.bidirectional', true);
  const weights = weightsOf(config, numBuckets, 't5Bias');
  const table = new Float32Array(heads * (2 * R + 1));
  for (let h = 0; h < heads; h++)
    for (let rel = -R; rel <= R; rel++)
      table[h * (2 * R + 1) + rel + R] =
        weights[h * numBuckets + t5RelativeBucket(rel, bidirectional, numBuckets, R)];
  return { kind: 'relative', table, maxDistance: R };
}

/** Shaw et al. (2018) clipped relative positions as a learned per-head scalar bias. */
export function shawBias(config: RelativeBiasConfig): ScoreBias {
  configInteger(config.heads, 'shawBias config.heads', 0);
  const R = configInteger(config.maxDistance, 'shawBias config.maxDistance', 0, 0);
  return { kind: 'relative', table: weightsOf(config, 2 * R + 1, 'shawBias'), maxDistance: R };
}
