/** Seeded parameter initialisation: N(0, std²) from core's platform-independent generator. */
import { createRng } from '@attnkit/core';
import type { Floats } from './floats.ts';

export function normalInit(n: number, std: number, seed: number, float64: boolean): Floats {
  const rng = createRng(seed);
  const out = float64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  return out;
}

export function constantInit(n: number, value: number, float64: boolean): Floats {
  const out = float64 ? new Float64Array(n) : new Float32Array(n);
  out.fill(value);
  return out;
}

/** A distinct, reproducible seed per parameter tensor. */
export const paramSeed = (seed: number, index: number) =>
  (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + index * 0x9e3779b9) >>> 0;
