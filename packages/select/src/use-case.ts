/**
 * What a user needs from attention, validated once. Every refusal is an AttentionError that
 * names the field, what was expected and what came, so the CLI can print it as a usage error.
 */
import { AttentionError, describe } from '@attnkit/core';

/** prefill: one forward over the sequence; decode: one step at a context; both: each of them. */
export type Mode = 'prefill' | 'decode' | 'both';
/** A positional scheme the case needs; a variant that cannot apply it is not a candidate. */
export type Positional = 'alibi' | 'relative' | 'rope';

/** Exact softmax attention, a bounded error on a named workload, or reach at a distance. */
export type QualityNeed =
  | { exact: true }
  | { maxError: number; workload?: string }
  | { distance: number; recall: number };

/**
 * What the user needs from attention: the shape, causal or decoding, budgets, and a quality need.
 * Only `queryLength` is required; shapes default to one head of D = 64.
 */
export interface UseCase {
  /** N, the sequence length (Nq). */
  queryLength: number;
  /** Cross-attention: keys differ in length from queries. Default queryLength. */
  keyLength?: number;
  batch?: number;
  heads?: number;
  kvHeads?: number;
  headDim?: number;
  valueDim?: number;
  causal?: boolean;
  /** prefill: one forward; decode: one step at context = keyLength; both: each of them. */
  mode?: Mode;
  /** Bytes: the inputs plus what the call allocates at its peak (or the decoder's state). */
  memoryBudget?: number;
  /** Milliseconds for one forward (prefill) or one step (decode). */
  latencyBudget?: number;
  /** Default: exact. */
  quality?: QualityNeed;
  positional?: Positional[];
  /** Per-batch key lengths (padding): needs traits.keyLengths. */
  keyLengths?: readonly number[];
  threads?: number;
}

/** A use case with every default filled in. */
export interface ResolvedUseCase
  extends Required<Omit<UseCase, 'keyLengths' | 'memoryBudget' | 'latencyBudget'>> {
  keyLengths?: readonly number[];
  memoryBudget: number;
  latencyBudget: number;
}

const KEYS = [
  'queryLength',
  'keyLength',
  'batch',
  'heads',
  'kvHeads',
  'headDim',
  'valueDim',
  'causal',
  'mode',
  'memoryBudget',
  'latencyBudget',
  'quality',
  'positional',
  'keyLengths',
  'threads',
];

const bad = (field: string, expected: string, value: unknown) =>
  new AttentionError('INVALID_CONFIG', `useCase.${field}`, expected, describe(value));

function int(value: unknown, field: string, fallback?: number, min = 1): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw bad(field, `an integer ≥ ${min}`, value);
  return value;
}

function positive(value: unknown, field: string): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !(value > 0)) throw bad(field, 'a number > 0', value);
  return value;
}

function quality(value: unknown): QualityNeed {
  if (value === undefined) return { exact: true };
  const q = value as Record<string, unknown>;
  if (!q || typeof q !== 'object') throw bad('quality', 'an object', value);
  if ('exact' in q) {
    if (q.exact !== true) throw bad('quality.exact', 'true', q.exact);
    return { exact: true };
  }
  if ('maxError' in q) {
    if (typeof q.maxError !== 'number' || !(q.maxError > 0))
      throw bad('quality.maxError', 'a relative error > 0', q.maxError);
    if (q.workload !== undefined && typeof q.workload !== 'string')
      throw bad('quality.workload', 'a workload name', q.workload);
    return { maxError: q.maxError, workload: (q.workload as string | undefined) ?? 'mixture' };
  }
  if ('distance' in q) {
    const distance = int(q.distance, 'quality.distance');
    const recall = q.recall ?? 1;
    if (typeof recall !== 'number' || !(recall > 0 && recall <= 1))
      throw bad('quality.recall', 'a fraction in (0, 1]', recall);
    return { distance, recall };
  }
  throw bad('quality', '{ exact: true } | { maxError, workload? } | { distance, recall }', value);
}

/**
 * The use case checked and with every default filled in; throws an AttentionError naming the
 * first field that is wrong (the CLI prints it as a usage error, exit 2).
 */
export function resolveUseCase(useCase: UseCase): ResolvedUseCase {
  if (!useCase || typeof useCase !== 'object') throw bad('', 'an object', useCase);
  const stray = Object.keys(useCase).filter((key) => !KEYS.includes(key));
  if (stray.length) throw bad(stray[0], `one of the fields ${KEYS.join(', ')}`, 'an unknown field');
  const queryLength = int(useCase.queryLength, 'queryLength');
  const heads = int(useCase.heads, 'heads', 1);
  const kvHeads = int(useCase.kvHeads, 'kvHeads', heads);
  if (heads % kvHeads !== 0) throw bad('kvHeads', `a divisor of heads (${heads})`, useCase.kvHeads);
  const headDim = int(useCase.headDim, 'headDim', 64);
  const mode = useCase.mode ?? 'prefill';
  if (!['prefill', 'decode', 'both'].includes(mode))
    throw bad('mode', "'prefill' | 'decode' | 'both'", mode);
  const positional = useCase.positional ?? [];
  if (!Array.isArray(positional))
    throw bad('positional', "a list of 'alibi' | 'relative' | 'rope'", positional);
  for (const p of positional)
    if (!['alibi', 'relative', 'rope'].includes(p))
      throw bad('positional', "'alibi' | 'relative' | 'rope'", p);
  const batch = int(useCase.batch, 'batch', 1);
  const keyLength = int(useCase.keyLength, 'keyLength', queryLength);
  if (useCase.keyLengths !== undefined) {
    const lengths = useCase.keyLengths;
    if (!Array.isArray(lengths) || lengths.length !== batch)
      throw bad('keyLengths', `${batch} lengths (one per batch entry)`, lengths);
    lengths.forEach((n, i) => {
      int(n, `keyLengths[${i}]`, undefined, 0);
    });
    if (lengths.some((n) => n > keyLength))
      throw bad('keyLengths', `lengths ≤ ${keyLength}`, lengths);
  }
  if (useCase.causal !== undefined && typeof useCase.causal !== 'boolean')
    throw bad('causal', 'true | false', useCase.causal);
  const resolved: ResolvedUseCase = {
    queryLength,
    keyLength,
    batch,
    heads,
    kvHeads,
    headDim,
    valueDim: int(useCase.valueDim, 'valueDim', headDim),
    causal: useCase.causal ?? false,
    mode,
    memoryBudget: positive(useCase.memoryBudget, 'memoryBudget'),
    latencyBudget: positive(useCase.latencyBudget, 'latencyBudget'),
    quality: quality(useCase.quality),
    positional,
    threads: int(useCase.threads, 'threads', 1),
  };
  if (mode !== 'prefill' && !resolved.causal && useCase.causal === false)
    throw bad('causal', 'true (decoding is causal)', false);
  if (mode !== 'prefill') resolved.causal = true;
  if (useCase.keyLengths) resolved.keyLengths = useCase.keyLengths;
  return resolved;
}
