/**
 * Feature maps φ for linear attention, applied to blocks of rows of q or k (n × d) into
 * features (n × m), plus the settings every path (fast, decoder, naive) reads the same way.
 * φ(q)·φ(k) stands in for exp(scale·q·k): each map sees x' = √scale·x.
 */
import type { Kernels } from '@attnkit/kernels';
import { drawOmega, keyOffset } from './random-features.ts';

/**
 * The feature map φ: `elu` (elu(x) + 1, Katharopoulos et al. 2020) and `relu` are deterministic
 * with m = d; `favor` (FAVOR+, Choromanski et al. 2021) draws m positive random features whose
 * dot products estimate the softmax kernel without bias.
 */
export type FeatureMapKind = 'elu' | 'relu' | 'favor';

/**
 * The resolved feature-map settings of a variant (`featureSettings(config)`): the fast path and
 * `naiveLinear` both read them, so the oracle uses the very features the variant draws.
 */
export interface FeatureSettings {
  /** Which φ. */
  featureMap: FeatureMapKind;
  /** m, the number of random features (favor only; elu and relu have m = d). */
  features: number;
  /** Seed of the random directions (favor): same seed, same features on every platform. */
  seed: number;
  /** Draw the directions in orthogonal blocks (lower variance than i.i.d., as in Performer). */
  orthogonal: boolean;
  /** favor: floor added to every key feature; elu, relu: lower bound of every non-zero normaliser. */
  stabilizer: number;
}

/** Performer adds its epsilon to the features; fast-transformers adds 1e-6 to the normaliser. */
export const DEFAULT_STABILIZER: Record<FeatureMapKind, number> = {
  elu: 0,
  relu: 1e-6,
  favor: 1e-20,
};

export const featureCount = (s: FeatureSettings, d: number) =>
  s.featureMap === 'favor' ? s.features : d;

export const normaliserEpsilon = (s: FeatureSettings) =>
  s.featureMap === 'favor' ? 0 : s.stabilizer;

/**
 * Normaliser of a row: max(φ(q)·z, ε). A row with no visible key keeps 0 (written as zeros);
 * a vanishing one is bounded below by ε so its output shrinks smoothly instead of blowing up,
 * while every well-conditioned row stays exactly normalised (its weights sum to 1).
 */
export function floorNormaliser(den: Float32Array, off: number, rows: number, eps: number): void {
  if (eps === 0) return;
  for (let r = off; r < off + rows; r++) if (den[r] > 0 && den[r] < eps) den[r] = eps;
}

/** The random directions of one head dim, drawn once per (seed, d). */
export interface Directions {
  omega: Float32Array;
  keyOffset: number;
}

export function directionsFor(s: FeatureSettings, d: number): Directions {
  const omega = drawOmega(s.seed, d, s.features, s.orthogonal);
  return { omega, keyOffset: keyOffset(omega, d, s.features) };
}

/** Everything `mapRows` needs for one call; omegaT is √scale·ωᵀ (d × m) where the tiles run. */
export interface FeatureContext {
  kernels: Kernels;
  kind: FeatureMapKind;
  d: number;
  m: number;
  scale: number;
  omegaT: Float32Array;
  omegaTOff: number;
  keyOffset: number;
  floor: number;
}

/** Writes √scale·ωᵀ into `into` at `off` (favor only). */
export function writeOmegaT(
  dirs: Directions,
  d: number,
  m: number,
  scale: number,
  into: Float32Array,
  off: number,
): void {
  const gain = Math.sqrt(scale);
  for (let r = 0; r < m; r++)
    for (let t = 0; t < d; t++) into[off + t * m + r] = gain * dirs.omega[r * d + t];
}

/** φ of `rows` contiguous rows of x (row stride d) into out (row stride m). */
export function mapRows(
  ctx: FeatureContext,
  x: Float32Array,
  xOff: number,
  rows: number,
  out: Float32Array,
  outOff: number,
  role: 'query' | 'key',
): void {
  const { d, m, kernels } = ctx;
  if (ctx.kind === 'elu') {
    kernels.eluPlusOneRows(x, xOff, d, rows, d, Math.sqrt(ctx.scale), out, outOff, m);
  } else if (ctx.kind === 'relu') {
    kernels.reluRows(x, xOff, d, rows, d, Math.sqrt(ctx.scale), out, outOff, m);
  } else {
    out.fill(0, outOff, outOff + rows * m);
    kernels.gemm(x, xOff, d, ctx.omegaT, ctx.omegaTOff, m, out, outOff, m, rows, d, m);
    const isKey = role === 'key';
    kernels.positiveRandomFeatures(
      out,
      outOff,
      m,
      x,
      xOff,
      d,
      rows,
      m,
      d,
      ctx.scale,
      !isKey,
      ctx.keyOffset,
      isKey ? ctx.floor : 0,
    );
  }
}
