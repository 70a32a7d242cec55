import {
  AttentionError,
  type AttentionErrorCode,
  type AttentionOptions,
  type AttentionWeights,
  type MaskFn,
  referenceAttention,
  type Tensor,
  type Tensor64,
} from '@attnkit/core';
import { type CaseTensors, caseBias, caseTensors, type FuzzCase } from './case.ts';
import { makeSubject, type Subject } from './subjects.ts';

/** How a case ended. Only 'ok' and 'typed' are allowed by the contract. */
export type Outcome =
  | { kind: 'ok' }
  | { kind: 'typed'; code: AttentionErrorCode }
  | { kind: 'crash' | 'nan' | 'wrong' | 'accepted'; detail: string };

type Attempt<T> = { value: T } | { error: unknown };
const attempt = <T>(f: () => T): Attempt<T> => {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
};
const crash = (where: string, error: unknown): Outcome => ({
  kind: 'crash',
  detail: `${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
});
const refused = (where: string, error: unknown): Outcome =>
  error instanceof AttentionError ? { kind: 'typed', code: error.code } : crash(where, error);

const U = 2 ** -24; // float32 unit roundoff

/**
 * The contract's tolerance on an output whose values are bounded by maxV: the conformance suite's
 * 2e-5 (scaled by the size of v), plus what float32 rounding of the scores can move a softmax:
 * a score error δ changes the weights by at most 2δ in L1. δ <= (D + 4)·u·scale·‖q‖·‖k‖ + u·|bias|.
 * Subnormal values add an absolute 2^-149 per accumulated term.
 */
function tolerance(c: FuzzCase, t: CaseTensors, scale: number, biasMax: number) {
  const maxNorm = (x: Tensor, d: number) => {
    let m = 0;
    for (let r = 0; r < x.data.length / d; r++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += x.data[r * d + i] ** 2;
      m = Math.max(m, Math.sqrt(s));
    }
    return m;
  };
  const maxAbs = (x: Float32Array) => x.reduce((m, y) => Math.max(m, Math.abs(y)), 0);
  const D = c.shape.D;
  const delta = (D + 4) * U * scale * maxNorm(t.q, D) * maxNorm(t.k, D) + U * biasMax;
  const wTol = 2e-5 + 2 * delta;
  const vMax = maxAbs(t.v.data);
  return { out: vMax * wTol + 8 * c.shape.Nk * 2 ** -149, weights: wTol };
}

function compare(
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol: number,
  rtol = 0,
): Outcome | null {
  if (actual.length !== expected.length)
    return { kind: 'wrong', detail: `${label}: length ${actual.length} vs ${expected.length}` };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    if (!Number.isFinite(a)) return { kind: 'nan', detail: `${label}[${i}] = ${a}` };
    const e = expected[i];
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e)))
      return {
        kind: 'wrong',
        detail: `${label}[${i}] = ${a}, expected ${e} (atol ${atol.toExponential(2)})`,
      };
  }
  return null;
}

function denseOf(w: AttentionWeights): Float32Array {
  if (w.kind === 'dense') return w.data;
  const [B, H, Nq, Nk] = w.shape;
  const out = new Float32Array(B * H * Nq * Nk);
  for (let r = 0; r < B * H * Nq; r++)
    for (let p = w.rowPtr[r]; p < w.rowPtr[r + 1]; p++) out[r * Nk + w.colIdx[p]] = w.values[p];
  return out;
}

/** The oracle's answer: the float64 reference under the variant's mask, or linear's naive form. */
function oracle(
  subject: Subject,
  t: CaseTensors,
  options: AttentionOptions,
  withWeights: boolean,
): { output: Tensor64; weights: Tensor64 | null } {
  if (subject.naive) return subject.naive(t.q, t.k, t.v, options, withWeights);
  const [B, H, Nq, D] = t.q.shape;
  const shape = {
    batch: B,
    heads: H,
    kvHeads: t.k.shape[1],
    queryLength: Nq,
    keyLength: t.k.shape[2],
    headDim: D,
    valueDim: t.v.shape[3],
  };
  const mask = subject.mask(shape, options);
  return referenceAttention(t.q, t.k, t.v, { ...options, mask }, withWeights);
}

/**
 * A decoder cannot know the final length, so Longformer's global tokens past it are future tokens
 * there (longformer.ts), not an error: its oracle is the pattern without them.
 */
function oracleSubject(c: FuzzCase, subject: Subject, length: number): Subject {
  const tokens = c.config.globalTokens;
  if (c.mode !== 'decoder' || c.variant !== 'sparse' || !Array.isArray(tokens)) return subject;
  return makeSubject('sparse', {
    ...c.config,
    globalTokens: tokens.filter((t: number) => t < length),
  });
}

/** Compares within the contract's tolerance; null when equal. */
function check(
  c: FuzzCase,
  subject: Subject,
  t: CaseTensors,
  options: AttentionOptions,
  label: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  weights: boolean,
): Outcome | null {
  const scale = typeof options.scale === 'number' ? options.scale : 1 / Math.sqrt(c.shape.D);
  const tol = tolerance(c, t, scale, caseBias(c)?.maxAbs ?? 0);
  const linear = subject.naive !== undefined;
  const rtol = linear ? 1e-5 : 0;
  if (weights) return compare(label, actual, expected, linear ? 5e-6 : tol.weights, rtol);
  const atol = linear ? tol.out + 5e-6 * Math.max(1, c.magnitude.v) : tol.out;
  return compare(label, actual, expected, atol, rtol);
}

/** Runs one case to its outcome; never throws. */
export function runCase(c: FuzzCase): Outcome {
  const built = attempt(() => makeSubject(c.variant, { ...c.config }));
  if ('error' in built) return refused('factory', built.error);
  const subject = built.value;
  const t = caseTensors(c);
  const b = caseBias(c);
  const options: AttentionOptions = {
    causal: c.mode === 'decoder' ? true : c.causal,
    ...(c.scale === undefined ? {} : { scale: c.scale as number }),
    ...(c.keyLengths === undefined || c.mode === 'decoder'
      ? {}
      : { keyLengths: c.keyLengths as Int32Array }),
    ...(b ? { scoreBias: b.bias } : {}),
  };
  if (c.mode === 'decoder') return runDecoder(c, subject, t, options);
  // weights(q, k) takes no v: the oracle gets finite zeros in its place.
  const tOracle =
    c.mode === 'weights'
      ? { ...t, v: { data: new Float32Array(t.v.data.length), shape: t.v.shape } }
      : t;
  const weights = c.mode === 'weights';
  const want = attempt(() => oracle(subject, tOracle, options, weights));
  if ('error' in want && !(want.error instanceof AttentionError))
    return crash('oracle', want.error);
  const v = subject.variant;
  const got = attempt(() => {
    if (!weights) return v.forward(t.q, t.k, t.v, options).data;
    if (!v.weights) throw new AttentionError('UNSUPPORTED', 'weights', 'weights()', v.name);
    return denseOf(v.weights(t.q, t.k, options));
  });
  if ('error' in got) return refused(c.mode, got.error);
  if ('error' in want)
    return {
      kind: 'accepted',
      detail: `${c.mode} returned output; the oracle refused: ${(want.error as Error).message}`,
    };
  const expected = weights ? want.value.weights!.data : want.value.output.data;
  return check(c, subject, t, options, c.mode, got.value, expected, weights) ?? { kind: 'ok' };
}

/** The first n tokens of [B, H, N, d]. */
function prefix(x: Tensor, n: number): Tensor {
  const [B, H, N, d] = x.shape;
  const data = new Float32Array(B * H * n * d);
  for (let bh = 0; bh < B * H; bh++)
    data.set(x.data.subarray(bh * N * d, (bh * N + n) * d), bh * n * d);
  return { data, shape: [B, H, n, d] };
}

/** Token i of [B, H, N, d] as [B, H, 1, d]. */
function token(x: Tensor, i: number): Tensor {
  const [B, H, N, d] = x.shape;
  const data = new Float32Array(B * H * d);
  for (let bh = 0; bh < B * H; bh++)
    data.set(x.data.subarray((bh * N + i) * d, (bh * N + i + 1) * d), bh * d);
  return { data, shape: [B, H, 1, d] };
}

/**
 * Row i of the causal forward of tokens [0, i], computed as what it is: query i alone (Nq = 1,
 * bottom-right aligned, so it sees keys 0 … i) under the variant's mask for that prefix, row i.
 * The row alone is the oracle, since a forward's range checks would also weigh earlier rows.
 */
function stepOracle(
  c: FuzzCase,
  subject: Subject,
  i: number,
  p: CaseTensors,
  options: AttentionOptions,
): Float64Array {
  const s = oracleSubject(c, subject, i + 1);
  if (s.naive) return s.naive(p.q, p.k, p.v, options, false).output.data;
  const [B, H, , D] = p.q.shape;
  const shape = {
    batch: B,
    heads: H,
    kvHeads: p.k.shape[1],
    queryLength: i + 1,
    keyLength: i + 1,
    headDim: D,
    valueDim: p.v.shape[3],
  };
  const full = s.mask(shape, options);
  const mask: MaskFn | undefined = full && ((b, h, _row, j) => full(b, h, i, j));
  return referenceAttention(p.q, p.k, p.v, { ...options, mask }).output.data;
}

/**
 * A decoder against the causal forward: step i must equal row i of it on tokens [0, i], and may
 * refuse (typed) at or before the first step whose row the oracle refuses.
 */
function runDecoder(
  c: FuzzCase,
  subject: Subject,
  t: CaseTensors,
  options: AttentionOptions,
): Outcome {
  const v = subject.variant;
  if (!v.decoder) return { kind: 'typed', code: 'UNSUPPORTED' };
  const { B, H, Hkv, Nq: N, D, Dv } = c.shape;
  const made = attempt(() =>
    v.decoder!(
      { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv },
      { scale: options.scale, scoreBias: options.scoreBias },
    ),
  );
  if ('error' in made) return refused('decoder()', made.error);
  for (let i = 0; i < N; i++) {
    const p = { q: token(t.q, i), k: prefix(t.k, i + 1), v: prefix(t.v, i + 1) };
    const want = attempt(() => stepOracle(c, subject, i, p, options));
    if ('error' in want && !(want.error instanceof AttentionError))
      return crash('oracle', want.error);
    const got = attempt(() => made.value.step(token(t.q, i), token(t.k, i), token(t.v, i)));
    if ('error' in got) return refused(`decoder step ${i}`, got.error);
    if ('error' in want)
      return {
        kind: 'accepted',
        detail: `decoder step ${i} returned output; the oracle refused: ${(want.error as Error).message}`,
      };
    const label = `decoder step ${i}`;
    const verdict = check(c, subject, p, options, label, got.value.data, want.value, false);
    if (verdict) return verdict;
  }
  return { kind: 'ok' };
}
