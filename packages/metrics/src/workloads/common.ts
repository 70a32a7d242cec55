import { AttentionError, createRng, describe, type Rng } from '@attnkit/core';
import type { Stream, WorkloadParams } from './types.ts';

export function resolveParams(params: WorkloadParams, knob: number): Required<WorkloadParams> {
  const p = {
    keyLength: params.queryLength,
    batch: 1,
    heads: 1,
    kvHeads: params.heads ?? 1,
    valueDim: params.headDim,
    ...params,
    knob: params.knob ?? knob,
  };
  const positive = (value: unknown, name: string) => {
    if (!Number.isInteger(value) || (value as number) < 1)
      throw new AttentionError(
        'INVALID_CONFIG',
        `params.${name}`,
        'a positive integer',
        describe(value),
      );
  };
  for (const name of [
    'queryLength',
    'keyLength',
    'batch',
    'heads',
    'kvHeads',
    'headDim',
    'valueDim',
  ] as const)
    positive(p[name], name);
  if (p.keyLength < p.queryLength)
    throw new AttentionError(
      'INVALID_CONFIG',
      'params.keyLength',
      `≥ queryLength ${p.queryLength}`,
      String(p.keyLength),
    );
  if (p.heads % p.kvHeads !== 0)
    throw new AttentionError(
      'INVALID_CONFIG',
      'params.kvHeads',
      `a divisor of heads ${p.heads}`,
      String(p.kvHeads),
    );
  if (!Number.isInteger(p.seed))
    throw new AttentionError('INVALID_CONFIG', 'params.seed', 'an integer', describe(p.seed));
  if (typeof p.knob !== 'number' || !Number.isFinite(p.knob))
    throw new AttentionError('INVALID_CONFIG', 'params.knob', 'a finite number', describe(p.knob));
  return p;
}

export function fillNormal(out: Float32Array, rng: Rng, gain = 1, from = 0, to = out.length) {
  for (let x = from; x < to; x++) out[x] = rng.normal() * gain;
}

/** A random direction of squared norm `norm2`. */
export function direction(d: number, norm2: number, rng: Rng): Float32Array {
  const u = new Float32Array(d);
  fillNormal(u, rng);
  let s = 0;
  for (let t = 0; t < d; t++) s += u[t] * u[t];
  const g = Math.sqrt(norm2 / s);
  for (let t = 0; t < d; t++) u[t] *= g;
  return u;
}

/**
 * Builds q, k, v from one generated stream per (batch, kv head); stream seeds derive from the
 * workload seed, so a workload is the same for the same params on every platform.
 */
export function assemble(p: Required<WorkloadParams>, generate: (s: Stream, rng: Rng) => void) {
  const { batch: B, heads: H, kvHeads: Hkv, queryLength: Nq, keyLength: Nk, headDim: D } = p;
  const Dv = p.valueDim;
  const group = H / Hkv;
  const offset = Nk - Nq;
  const q = new Float32Array(B * H * Nq * D);
  const k = new Float32Array(B * Hkv * Nk * D);
  const v = new Float32Array(B * Hkv * Nk * Dv);
  fillNormal(v, createRng(p.seed * 2654435761 + 17));
  for (let b = 0; b < B; b++)
    for (let g = 0; g < Hkv; g++) {
      const stream: Stream = {
        q: new Float32Array(Nk * D),
        k: k.subarray((b * Hkv + g) * Nk * D, (b * Hkv + g + 1) * Nk * D),
        n: Nk,
        d: D,
      };
      generate(stream, createRng(p.seed * 7919 + (b * Hkv + g) * 104729 + 1));
      for (let r = 0; r < group; r++)
        q.set(stream.q.subarray(offset * D), (b * H + g * group + r) * Nq * D);
    }
  return {
    q: { data: q, shape: [B, H, Nq, D] },
    k: { data: k, shape: [B, Hkv, Nk, D] },
    v: { data: v, shape: [B, Hkv, Nk, Dv] },
  };
}

/** INVALID_CONFIG naming the knob (params.knob), what it must be and what came. */
export function badKnob(what: string, expected: string, value: unknown) {
  return new AttentionError('INVALID_CONFIG', `params.knob (${what})`, expected, describe(value));
}
