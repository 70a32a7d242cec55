import { AttentionError, describe } from './errors.ts';
import { assertScoresFit, FLOAT32_SCORE_LIMIT, scoresFitAndFinite } from './float32-range.ts';
import { assertBiasFits, type ScoreBias, validateScoreBias } from './score-bias.ts';
import { assertFinite, assertTensor, type Tensor } from './tensor.ts';
import type { AttentionOptions, AttentionShape, DecoderShape, VariantTraits } from './types.ts';

/** A checked call: every variant runs this first, so the same bad input gets the same error. */
export interface ResolvedCall {
  shape: AttentionShape;
  scale: number;
  causal: boolean;
  /** Per batch, the number of real keys (Nk where no padding was given). */
  keyLengths: Int32Array;
  /** Bottom-right alignment: query i sees key j iff j <= i + causalOffset (when causal). */
  causalOffset: number;
  /** The validated score bias, or null. */
  scoreBias: ScoreBias | null;
}

/** The softmax scale: 1 / √headDim when undefined; else a positive finite number, or INVALID_CONFIG. */
export function resolveScale(scale: unknown, headDim: number): number {
  if (scale === undefined) return 1 / Math.sqrt(headDim);
  // Bounded by what a float32 score can carry: the kernels take scale as a float32.
  if (typeof scale !== 'number' || !(scale > 0 && scale <= FLOAT32_SCORE_LIMIT)) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'options.scale',
      'a finite number in (0, 2^126]',
      describe(scale),
    );
  }
  return scale;
}

/** Per-batch key lengths (padding): Nk for every batch when undefined; else an Int32Array of `batch` entries in [0, Nk], or an AttentionError. */
export function resolveKeyLengths(
  keyLengths: unknown,
  batch: number,
  keyLength: number,
): Int32Array {
  const out = new Int32Array(batch).fill(keyLength);
  if (keyLengths === undefined) return out;
  const arr = keyLengths as ArrayLike<number>;
  if (arr === null || typeof arr !== 'object' || typeof arr.length !== 'number') {
    throw new AttentionError(
      'INVALID_CONFIG',
      'options.keyLengths',
      `an Int32Array of length ${batch}`,
      describe(keyLengths),
    );
  }
  if (arr.length !== batch) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'options.keyLengths.length',
      `${batch} (the batch size)`,
      String(arr.length),
    );
  }
  for (let b = 0; b < batch; b++) {
    const n = arr[b];
    if (!Number.isInteger(n) || n < 0 || n > keyLength) {
      throw new AttentionError(
        'INVALID_CONFIG',
        `options.keyLengths[${b}]`,
        `an integer in [0, ${keyLength}]`,
        describe(n),
      );
    }
    out[b] = n;
  }
  return out;
}

/** Checks q, k, v and options against each other and against what the variant supports. */
export function validateCall(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions | undefined,
  traits?: Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>,
  variantName = 'this variant',
): ResolvedCall {
  assertTensor(q, 'q', 4);
  assertTensor(k, 'k', 4);
  assertTensor(v, 'v', 4);
  const [B, H, Nq, D] = q.shape;
  const [Bk, Hkv, Nk, Dk] = k.shape;
  const [Bv, Hv, Nv, Dv] = v.shape;
  if (Bk !== B)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'k.shape[0] (batch)',
      `${B} (q's batch)`,
      String(Bk),
    );
  if (Bv !== B)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'v.shape[0] (batch)',
      `${B} (q's batch)`,
      String(Bv),
    );
  if (Dk !== D)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'k.shape[3] (head dim)',
      `${D} (q's head dim)`,
      String(Dk),
    );
  if (Hv !== Hkv)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'v.shape[1] (kv heads)',
      `${Hkv} (k's kv heads)`,
      String(Hv),
    );
  if (Nv !== Nk)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'v.shape[2] (key length)',
      `${Nk} (k's key length)`,
      String(Nv),
    );
  if (H % Hkv !== 0) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'k.shape[1] (kv heads)',
      `a divisor of q's ${H} heads`,
      String(Hkv),
    );
  }
  const opts = options ?? {};
  if (typeof opts !== 'object' || Array.isArray(opts))
    throw new AttentionError('INVALID_CONFIG', 'options', 'an object', describe(options));
  const scale = resolveScale(opts.scale, D);
  const causal = opts.causal ?? false;
  if (typeof causal !== 'boolean')
    throw new AttentionError('INVALID_CONFIG', 'options.causal', 'a boolean', describe(causal));
  const keyLengths = resolveKeyLengths(opts.keyLengths, B, Nk);
  // Support is checked before the bias itself: a variant that cannot apply any bias says so.
  if (opts.scoreBias !== undefined && traits && !traits.scoreBias) {
    const kind = (opts.scoreBias as { kind?: unknown } | null)?.kind;
    throw new AttentionError(
      'UNSUPPORTED',
      'options.scoreBias',
      `undefined for ${variantName}`,
      `a ${String(kind)} bias`,
    );
  }
  const scoreBias = opts.scoreBias === undefined ? null : validateScoreBias(opts.scoreBias, H);
  if (traits) {
    if (causal && !traits.causal)
      throw new AttentionError('UNSUPPORTED', 'options.causal', `false for ${variantName}`, 'true');
    if (Nq !== Nk && !traits.crossAttention) {
      throw new AttentionError(
        'UNSUPPORTED',
        'k.shape[2] (key length)',
        `${Nq} (${variantName} needs Nk = Nq)`,
        String(Nk),
      );
    }
    if (opts.keyLengths !== undefined && !traits.keyLengths) {
      throw new AttentionError(
        'UNSUPPORTED',
        'options.keyLengths',
        `undefined for ${variantName}`,
        'padding lengths',
      );
    }
  }
  // One pass clears a good call; a refused one reruns the checks in order to name its fault.
  if (!scoresFitAndFinite(q, k, v, scale)) {
    assertFinite(q, 'q');
    assertFinite(k, 'k');
    assertFinite(v, 'v');
    if (scoreBias) assertBiasFits(scoreBias, Nq, Nk);
    assertScoresFit(q, k, v, scale);
  } else if (scoreBias) assertBiasFits(scoreBias, Nq, Nk);
  return {
    shape: {
      batch: B,
      heads: H,
      kvHeads: Hkv,
      queryLength: Nq,
      keyLength: Nk,
      headDim: D,
      valueDim: Dv,
    },
    scale,
    causal,
    keyLengths,
    causalOffset: Nk - Nq,
    scoreBias,
  };
}

const ATTENTION_SHAPE_KEYS = [
  'batch',
  'heads',
  'kvHeads',
  'queryLength',
  'keyLength',
  'headDim',
  'valueDim',
] as const;
const DECODER_SHAPE_KEYS = ['batch', 'heads', 'kvHeads', 'headDim', 'valueDim'] as const;

/**
 * Checks a shape given to `cost()` or `decoder()`: every required field present and every field a
 * positive safe integer, H % Hkv = 0. `required` defaults to an AttentionShape's seven.
 */
export function validateShape<S extends object>(
  shape: S,
  name = 'shape',
  required: readonly string[] = ATTENTION_SHAPE_KEYS,
): S {
  if (!shape || typeof shape !== 'object' || Array.isArray(shape))
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      `an object { ${required.join(', ')} }`,
      describe(shape),
    );
  const record = shape as Record<string, unknown>;
  for (const key of required) {
    if (record[key] === undefined)
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `${name}.${key}`,
        'a positive integer',
        'undefined (missing)',
      );
  }
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new AttentionError(
        'INVALID_CONFIG',
        `${name}.${key}`,
        'a positive integer',
        describe(value),
      );
    }
  }
  const s = shape as Partial<AttentionShape>;
  if (s.heads !== undefined && s.kvHeads !== undefined && s.heads % s.kvHeads !== 0) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      `${name}.kvHeads`,
      `a divisor of ${s.heads} heads`,
      String(s.kvHeads),
    );
  }
  return shape;
}

/** The keys query i may see under causal and padding: [0, end). */
export function visibleKeyEnd(call: ResolvedCall, b: number, i: number): number {
  const len = call.keyLengths[b];
  return call.causal ? Math.max(0, Math.min(len, i + call.causalOffset + 1)) : len;
}

/** A decoder's shape, checked, holding just its five sizes (what `validateDecoderStep` takes). */
export function validateDecoderShape(shape: DecoderShape): DecoderShape {
  if (!shape || typeof shape !== 'object')
    throw new AttentionError(
      'INVALID_CONFIG',
      'decoder shape',
      `an object { ${DECODER_SHAPE_KEYS.join(', ')} }`,
      describe(shape),
    );
  const { batch, heads, kvHeads, headDim, valueDim } = validateShape(
    { ...shape },
    'decoder shape',
    DECODER_SHAPE_KEYS,
  );
  return { batch, heads, kvHeads, headDim, valueDim };
}

/** Checks one decoder step: q [B, H, 1, D], k [B, Hkv, 1, D], v [B, Hkv, 1, Dv], all finite. */
export function validateDecoderStep(shape: DecoderShape, q: Tensor, k: Tensor, v: Tensor): void {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = shape;
  const check = (t: Tensor, name: string, heads: number, dim: number) => {
    assertTensor(t, name, 4);
    const want = [B, heads, 1, dim];
    if (t.shape.some((x, i) => x !== want[i])) {
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `${name}.shape`,
        `[${want.join(', ')}]`,
        `[${t.shape.join(', ')}]`,
      );
    }
    assertFinite(t, name);
  };
  check(q, 'q', H, D);
  check(k, 'k', Hkv, D);
  check(v, 'v', Hkv, Dv);
}
