/**
 * What the suite runs: attnkit variants from spec strings and, with --peers, other libraries'
 * exact attention (spec `peer:<name>`). Both are seen through AttentionVariant's cost() and
 * traits; a peer has no cost(), so its flops are dense attention's and its predicted peak is
 * the dense score matrix (labelled as an estimate in the report).
 */

import type { AttentionShape, AttentionVariant, Tensor } from '@attnkit/core';
import type { BackendChoice } from '@attnkit/kernels';
import type { AttentionPool } from '@attnkit/pool';
import { denseFlops } from './gate.ts';
import type { PeerRecord } from './results.ts';
import { resolveVariant, specName } from './variants.ts';

export interface Subject {
  spec: string;
  name: string;
  peer: boolean;
  variant: AttentionVariant;
  run(q: Tensor, k: Tensor, v: Tensor, causal: boolean): Float32Array | Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface Unavailable {
  spec: string;
  reason: string;
}

/** A variant from its spec; with a pool (--threads > 1) its forward runs on the workers. */
export function variantSubject(
  spec: string,
  backend: BackendChoice,
  pool: AttentionPool | null = null,
): Subject | Unavailable {
  try {
    const { definition, config, source } = resolveVariant(spec, backend);
    const variant = definition.create(config);
    const poolSpec =
      pool && source
        ? { module: import.meta.resolve(source.module), export: source.export, config }
        : null;
    return {
      spec,
      name: variant.name,
      peer: false,
      variant,
      run:
        pool && poolSpec
          ? (q, k, v, causal) => pool.forward(poolSpec, q, k, v, { causal }).then((t) => t.data)
          : (q, k, v, causal) => variant.forward(q, k, v, { causal }).data,
      dispose: async () => {},
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { spec, reason: `${specName(spec)}: ${message}` };
  }
}

const denseScoresBytes = (s: AttentionShape) =>
  4 * (s.batch * s.heads * s.queryLength * (s.keyLength + s.valueDim));

export async function peerSubjects(
  names: readonly string[],
  threads: number,
): Promise<{ subjects: Subject[]; records: PeerRecord[] }> {
  const subjects: Subject[] = [];
  const records: PeerRecord[] = [];
  if (names.length === 0) return { subjects, records };
  const { getPeer, isUnavailable } = await import('../peers/index.ts');
  for (const name of names) {
    let loaded: Awaited<ReturnType<ReturnType<typeof getPeer>['load']>>;
    try {
      loaded = await getPeer(name, { threads }).load();
    } catch (error) {
      loaded = { name, unavailable: error instanceof Error ? error.message : String(error) };
    }
    if (isUnavailable(loaded)) {
      records.push({
        name,
        available: false,
        version: null,
        settings: null,
        reason: loaded.unavailable,
      });
      continue;
    }
    const session = loaded;
    records.push({
      name,
      available: true,
      version: session.version,
      settings: { ...session.settings },
      reason: null,
    });
    const variant: AttentionVariant = {
      name: `peer:${name}`,
      backend: name,
      config: { ...session.settings },
      traits: {
        exact: true,
        causal: true,
        crossAttention: true,
        keyLengths: false,
        weights: false,
        decoder: false,
        complexity: { time: 'O(N²·D)', memory: 'O(N²) (dense scores, estimated)' },
      },
      forward: () => {
        throw new Error(`peer ${name} is async: use Subject.run`);
      },
      cost: (shape, options) => ({
        flops: denseFlops(shape, options?.causal ?? false),
        peakBytes: denseScoresBytes(shape),
      }),
    };
    subjects.push({
      spec: `peer:${name}`,
      name: `peer:${name}`,
      peer: true,
      variant,
      run: (q, k, v, causal) => session.forward(q, k, v, { causal }),
      dispose: () => session.dispose(),
    });
  }
  return { subjects, records };
}
