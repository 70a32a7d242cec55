import type { ScoreBias, Tensor } from '@attnkit/core';
import { createRng } from '@attnkit/core';
import type { VariantName } from './subjects.ts';

/** What a bias function returns off its planted cell: a finite value, or −∞ on every n-th key. */
export type BiasSpec =
  | { kind: 'alibi'; slope: number }
  | { kind: 'relative'; maxDistance: number; value: number }
  | {
      kind: 'function';
      /** Finite bias magnitude at ordinary cells. */
      base: number;
      /** −Infinity on keys j with j % maskEvery === 0 (0: never). */
      maskEvery: number;
      /** A hostile value returned for query position `row` (every key), or none. */
      bad: { value: unknown; row: number } | null;
    };

/** One fuzz case: everything needed to rebuild it, so a failure prints a reproducible record. */
export interface FuzzCase {
  variant: VariantName;
  config: Record<string, unknown>;
  mode: 'forward' | 'weights' | 'decoder';
  shape: { B: number; H: number; Hkv: number; Nq: number; Nk: number; D: number; Dv: number };
  /** Entry scale of q, k, v: extreme finite values, subnormals and −0 (a negative zero scale). */
  magnitude: { q: number; k: number; v: number };
  /** A value written at a fraction of one tensor's length (NaN, ±Infinity, huge, −0 …). */
  plant: { tensor: 'q' | 'k' | 'v'; at: number; value: number } | null;
  seed: number;
  causal: boolean;
  scale: unknown;
  keyLengths: unknown;
  bias: BiasSpec | null;
}

export interface CaseTensors {
  q: Tensor;
  k: Tensor;
  v: Tensor;
}

export function caseTensors(c: FuzzCase): CaseTensors {
  const { B, H, Hkv, Nq, Nk, D, Dv } = c.shape;
  const rng = createRng(c.seed);
  const fill = (n: number, scale: number) => {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.normal() * scale;
    return data;
  };
  const t = {
    q: { data: fill(B * H * Nq * D, c.magnitude.q), shape: [B, H, Nq, D] },
    k: { data: fill(B * Hkv * Nk * D, c.magnitude.k), shape: [B, Hkv, Nk, D] },
    v: { data: fill(B * Hkv * Nk * Dv, c.magnitude.v), shape: [B, Hkv, Nk, Dv] },
  };
  if (c.plant) {
    const d = t[c.plant.tensor].data;
    d[Math.min(d.length - 1, Math.floor(c.plant.at * d.length))] = c.plant.value;
  }
  return t;
}

/** The ScoreBias of a case for H heads, and the largest finite magnitude it yields at N + N. */
export function caseBias(c: FuzzCase): { bias: ScoreBias; maxAbs: number } | null {
  const spec = c.bias;
  if (!spec) return null;
  const H = c.shape.H;
  switch (spec.kind) {
    case 'alibi':
      return {
        bias: { kind: 'alibi', slopes: new Float32Array(H).fill(spec.slope) },
        maxAbs: Math.abs(spec.slope) * (c.shape.Nq + c.shape.Nk),
      };
    case 'relative': {
      const R = spec.maxDistance;
      const table = new Float32Array(H * (2 * R + 1));
      for (let i = 0; i < table.length; i++) table[i] = spec.value * (((i * 7) % 5) - 2) * 0.5;
      return { bias: { kind: 'relative', maxDistance: R, table }, maxAbs: Math.abs(spec.value) };
    }
    case 'function': {
      const { base, maskEvery, bad } = spec;
      const fn = (b: number, h: number, i: number, j: number) => {
        if (bad && i === bad.row) return bad.value as number;
        if (maskEvery > 0 && j % maskEvery === 0) return Number.NEGATIVE_INFINITY;
        return base * Math.sin(1 + b + 3 * h + 0.5 * i - 0.25 * j);
      };
      return { bias: { kind: 'function', fn }, maxAbs: Math.abs(base) };
    }
  }
}
