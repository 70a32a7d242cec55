/**
 * Causal decoding in O(m·Dv) memory per kv head however many tokens: the state is the running
 * S = Σ φ(k)ᵀv (m × Dv) and z = Σ φ(k) (m), updated by each new key and read by each new query.
 * Runs on the variant's kernels; the state stays in the decoder's own array between steps.
 * Letters: b batch, h head, d head dim, m features.
 */
import {
  type AttentionDecoder,
  AttentionError,
  type DecoderOptions,
  type DecoderShape,
  decoderRangeGuard,
  describe,
  resolveScale,
  validateDecoderShape,
  validateDecoderStep,
} from '@attnkit/core';
import type { Kernels } from '@attnkit/kernels';
import { assertFavorRows } from './favor-range.ts';
import {
  type Directions,
  type FeatureContext,
  type FeatureSettings,
  featureCount,
  floorNormaliser,
  mapRows,
  normaliserEpsilon,
  writeOmegaT,
} from './feature-map.ts';
import { FeatureRange } from './feature-range.ts';
import { assertRowsFinite } from './finite-rows.ts';

/**
 * The decoder's one buffer, in this order: S (m × Dv per kv head), z (m per kv head),
 * √scale·ωᵀ (favor) — `kept` floats that persist — then the step's q, k, v, features,
 * normaliser and output.
 */
function decoderLayout(s: FeatureSettings, shape: DecoderShape) {
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = shape;
  const m = featureCount(s, D);
  const z = B * Hkv * m * Dv;
  const omegaT = z + B * Hkv * m;
  const kept = omegaT + (s.featureMap === 'favor' ? D * m : 0);
  const q = kept;
  const k = q + B * H * D;
  const v = k + B * Hkv * D;
  const feat = v + B * Hkv * Dv;
  const den = feat + m;
  const out = den + 1;
  return { z, omegaT, kept, q, k, v, feat, den, out, total: out + B * H * Dv };
}

/** Bytes a decoder holds: its buffer (state, z, ωᵀ, one step's rows), plus the workspace on wasm. */
export function linearDecoderBytes(
  kernels: Kernels,
  s: FeatureSettings,
  shape: DecoderShape,
): number {
  const lay = decoderLayout(s, shape);
  return 4 * (kernels.name === 'js' ? lay.total : lay.kept + lay.total);
}

export function linearDecoder(
  kernels: Kernels,
  s: FeatureSettings,
  dirsFor: (d: number) => Directions | null,
  shape: DecoderShape,
  options: DecoderOptions = {},
): AttentionDecoder {
  const dims = validateDecoderShape(shape);
  const { batch: B, heads: H, kvHeads: Hkv, headDim: D, valueDim: Dv } = dims;
  // The forward's float32 range check (validateCall), kept step by step.
  const range = decoderRangeGuard(dims);
  if (options.scoreBias !== undefined)
    throw new AttentionError(
      'UNSUPPORTED',
      'options.scoreBias',
      'undefined for linear',
      describe(options.scoreBias),
    );
  const scale = resolveScale(options.scale, D);
  const m = featureCount(s, D);
  const dirs = dirsFor(D);
  const lay = decoderLayout(s, dims);
  const { kept, feat, den, total, out: outOff } = lay;
  const io = lay;
  // The state lives here between steps. On js the kernels run on it directly; on wasm it is
  // copied into the workspace and back each step (2·4·m·(Dv + 1) bytes per kv head): the
  // workspace is shared with every other call on that backend.
  const own = new Float32Array(kernels.name === 'js' ? total : kept);
  if (dirs) writeOmegaT(dirs, D, m, scale, own, lay.omegaT);
  const ctx: FeatureContext = {
    kernels,
    kind: s.featureMap,
    d: D,
    m,
    scale,
    omegaT: own,
    omegaTOff: lay.omegaT,
    keyOffset: dirs?.keyOffset ?? 0,
    floor: s.featureMap === 'favor' ? s.stabilizer : 0,
  };
  const eps = normaliserEpsilon(s);
  let features = new FeatureRange(ctx, B * Hkv);
  let position = 0;
  return {
    get position() {
      return position;
    },
    step(q, k, v) {
      validateDecoderStep(dims, q, k, v);
      range.check(q, k, v, scale);
      ctx.omegaT = own; // ωᵀ as kept between steps (a wasm workspace may hold another call's data)
      assertFavorRows(
        ctx,
        q.data,
        0,
        B * H,
        (r) => `q[${Math.floor(r / H)}, ${r % H}, 0] (query row)`,
      );
      assertFavorRows(
        ctx,
        k.data,
        0,
        B * Hkv,
        (r) => `k[${Math.floor(r / Hkv)}, ${r % Hkv}, 0] (key row)`,
      );
      if (features.active) {
        // Checked on a copy: a refused step leaves the running bounds as they were.
        const next = features.clone();
        for (let bk = 0; bk < B * Hkv; bk++)
          next.addKey(
            bk,
            k.data,
            bk * D,
            v.data,
            bk * Dv,
            Dv,
            () => `k[${Math.floor(bk / Hkv)}, ${bk % Hkv}, ${position}] (key row)`,
          );
        for (let bh = 0; bh < B * H; bh++)
          next.checkQuery(
            Math.floor(bh / H) * Hkv + Math.floor((bh % H) / (H / Hkv)),
            q.data,
            bh * D,
            () => `q[${Math.floor(bh / H)}, ${bh % H}, ${position}] (query row)`,
          );
        features = next;
      }
      const buf = kernels.name === 'js' ? own : kernels.workspace(total);
      if (buf !== own) buf.set(own);
      buf.set(q.data, io.q);
      buf.set(k.data, io.k);
      buf.set(v.data, io.v);
      ctx.omegaT = buf;
      for (let bk = 0; bk < B * Hkv; bk++) {
        mapRows(ctx, buf, io.k + bk * D, 1, buf, feat, 'key');
        kernels.gemmTransA(buf, feat, m, buf, io.v + bk * Dv, Dv, buf, bk * m * Dv, Dv, m, 1, Dv);
        kernels.colSums(buf, feat, m, 1, m, buf, lay.z + bk * m);
      }
      position++;
      buf.fill(0, outOff, total);
      const group = H / Hkv;
      for (let bh = 0; bh < B * H; bh++) {
        const bk = Math.floor(bh / H) * Hkv + Math.floor((bh % H) / group);
        const o = outOff + bh * Dv;
        mapRows(ctx, buf, io.q + bh * D, 1, buf, feat, 'query');
        kernels.gemm(buf, feat, m, buf, bk * m * Dv, Dv, buf, o, Dv, 1, m, Dv);
        buf[den] = 0;
        kernels.rowDots(buf, feat, m, 1, m, buf, lay.z + bk * m, buf, den);
        floorNormaliser(buf, den, 1, eps);
        kernels.finalizeRows(buf, o, buf, den, 1, Dv, buf, o);
        assertRowsFinite(buf, o, 1, Dv, Math.floor(bh / H), bh % H, position - 1);
      }
      if (buf !== own) own.set(buf.subarray(0, lay.omegaT));
      return { data: buf.slice(outOff, total), shape: [B, H, 1, Dv] };
    },
    reset() {
      own.fill(0, 0, lay.omegaT);
      position = 0;
      range.reset();
      features.reset();
    },
  };
}
