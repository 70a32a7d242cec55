/**
 * The hot loops every variant shares. Every array argument is a Float32Array plus an element
 * offset, matrices are row-major with an explicit leading dimension (row stride), and nothing
 * allocates. A call is one tile (e.g. 64 queries × 64 keys), never one element.
 *
 * Arrays passed to a backend must come from its `workspace()` (the wasm backends run on their
 * own linear memory): a variant copies q, k, v into the workspace once per call.
 */
export type BackendName = 'js' | 'wasm-simd' | 'wasm-relaxed-simd';
/**
 * 'auto': the fastest that this runtime validates; 'wasm': the fastest wasm build (an error if
 * none validates); a build's own name pins that build (for A/B runs of SIMD128 against FMA).
 */
export type BackendChoice = 'auto' | 'js' | 'wasm' | 'wasm-simd' | 'wasm-relaxed-simd';

/**
 * One backend's hot loops (js, wasm-simd, wasm-relaxed-simd): its name, its workspace and every
 * kernel of the table; every variant runs its tiles through this interface.
 */
export interface Kernels extends KernelSignatures {
  readonly name: BackendName;

  /**
   * A scratch region of at least `length` floats where a call's tiles run; contents are not
   * zeroed. Valid until the next `workspace()` call on this backend: take one per call.
   */
  workspace(length: number): Float32Array;
}

/**
 * The GEMM kernels' one signature: C (ldc) += op(A) (lda) · B (ldb), C being m × n and the
 * summed dimension `inner`; `gemm` reads A as m × inner, `gemmTransA` as inner × m.
 */
export type GemmKernel = (
  a: Float32Array,
  aOff: number,
  lda: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
  m: number,
  inner: number,
  n: number,
) => void;

/**
 * The one table of kernel signatures. The JS kernels (src/js) are typed as its entries, and the
 * wasm exports (src/wasm/load.ts) are derived from it — each (array, offset) pair becomes one
 * byte pointer, a boolean an i32 — so kernels.types.test.ts fails to compile when any of them
 * drifts from the table.
 */
export interface KernelSignatures {
  /** S[r, c] = scale · Σ_t Q[r, t] · K[c, t] for r < rows, c < cols. Q, K rows have `depth` floats. */
  scoreTile(
    q: Float32Array,
    qOff: number,
    k: Float32Array,
    kOff: number,
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    depth: number,
    ldS: number,
    scale: number,
  ): void;

  /**
   * Band mask on a score tile: S[r, c] = −∞ unless lo <= diag0 + c − r <= hi, where diag0 is
   * (position of key 0) − (position of query 0). Causal is lo = −∞, hi = Nk − Nq.
   */
  maskBand(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    lo: number,
    hi: number,
  ): void;

  /** S[r, c] = −∞ where mask[mOff + r·ldM + c] is 0 (a token-level mask inside a block). */
  maskTile(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    mask: Uint8Array,
    mOff: number,
    ldM: number,
  ): void;

  /** In-place softmax of each row; −∞ entries become 0, and a row with no finite entry becomes all 0. */
  softmaxRows(s: Float32Array, sOff: number, rows: number, cols: number, ldS: number): void;

  /**
   * Online softmax step: folds the tile's rows into the running max m[mOff + r] and sum
   * l[lOff + r], rescales acc rows (acc row stride dv) by exp(m_old − m_new), and leaves
   * P = exp(S − m_new) in S, ready for `pvTile`. Start with m = −∞, l = 0, acc = 0.
   */
  onlineSoftmax(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    m: Float32Array,
    mOff: number,
    l: Float32Array,
    lOff: number,
    acc: Float32Array,
    accOff: number,
    dv: number,
  ): void;

  /** acc[r, t] += Σ_c P[r, c] · V[c, t]; V rows and acc rows have dv floats. */
  pvTile(
    p: Float32Array,
    pOff: number,
    rows: number,
    cols: number,
    ldP: number,
    v: Float32Array,
    vOff: number,
    dv: number,
    acc: Float32Array,
    accOff: number,
  ): void;

  /** out[r, t] = acc[r, t] / l[r], or 0 where l[r] = 0 (a fully masked row). */
  finalizeRows(
    acc: Float32Array,
    accOff: number,
    l: Float32Array,
    lOff: number,
    rows: number,
    dv: number,
    out: Float32Array,
    outOff: number,
  ): void;

  /**
   * FlashAttention-2's backward step on a tile whose rows have the saved log-sum-exp
   * lse[lseOff + r] and D = delta[deltaOff + r] = rowsum(dO ∘ out): S becomes P = e^(S − L) and
   * dP (= dO·Vᵀ, same stride ld) becomes dS = scale · P ∘ (dP − D). Rows with L = −∞ become 0.
   */
  softmaxGradTile(
    s: Float32Array,
    sOff: number,
    dp: Float32Array,
    dpOff: number,
    rows: number,
    cols: number,
    ld: number,
    lse: Float32Array,
    lseOff: number,
    delta: Float32Array,
    deltaOff: number,
    scale: number,
  ): void;

  /** C[m×n] += A[m×inner] · B[inner×n] (φ(Q) · state in linear attention). */
  gemm: GemmKernel;

  /** C[m×n] += A[inner×m]ᵀ · B[inner×n] (the φ(K)ᵀV state accumulation in linear attention). */
  gemmTransA: GemmKernel;

  /**
   * ALiBi on a score tile: S[r, c] −= slope · |diag0 + c − r|, where diag0 is (position of key 0)
   * − (position of query 0). Applied inside the tile loop, so no N × N bias exists.
   */
  addDistanceBias(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    slope: number,
  ): void;

  /**
   * Relative-position bias on a score tile: S[r, c] += table[tOff + clamp(rel, −R, R) + R] with
   * rel = diag0 + c − r and R = maxDistance (T5 buckets and Shaw clipping both reduce to this).
   * `table` is any Float32Array (the caller's per-head table), not a workspace view.
   */
  addRelativeBias(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    table: Float32Array,
    tOff: number,
    maxDistance: number,
  ): void;

  /**
   * Linear attention's elu+1 feature map on a block of rows: out = elu(gain·x) + 1, gain = √scale
   * (x rows of `d` floats at stride ldX, out rows at stride ldOut).
   */
  eluPlusOneRows(
    x: Float32Array,
    xOff: number,
    ldX: number,
    rows: number,
    d: number,
    gain: number,
    out: Float32Array,
    outOff: number,
    ldOut: number,
  ): void;

  /** Linear attention's ReLU feature map on a block of rows: out = max(0, gain·x). */
  reluRows(
    x: Float32Array,
    xOff: number,
    ldX: number,
    rows: number,
    d: number,
    gain: number,
    out: Float32Array,
    outOff: number,
    ldOut: number,
  ): void;

  /**
   * FAVOR+ positive random features, finished in place over projections p = ω·x' (x' = √scale·x):
   * p[r, c] = exp(p[r, c] − |x'_r|²/2 − offset) + floor for keys, exp(p[r, c] − max_c p[r, c])
   * for queries (`rowMax`; a per-row factor cancels in the row's normalisation).
   */
  positiveRandomFeatures(
    p: Float32Array,
    pOff: number,
    ldP: number,
    x: Float32Array,
    xOff: number,
    ldX: number,
    rows: number,
    m: number,
    d: number,
    scale: number,
    rowMax: boolean,
    offset: number,
    floor: number,
  ): void;

  /** Causal mask of a non-negative kernel tile: S[r, c] = 0 where diag0 + c − r > hi. */
  zeroAboveBand(
    s: Float32Array,
    sOff: number,
    rows: number,
    cols: number,
    ldS: number,
    diag0: number,
    hi: number,
  ): void;

  /**
   * y[r] += Σ_c A[r, c] · x[c]: the normaliser φ(Q)·z of linear attention, or a tile's row sums
   * (x = ones), without a one-column GEMM.
   */
  rowDots(
    a: Float32Array,
    aOff: number,
    lda: number,
    rows: number,
    cols: number,
    x: Float32Array,
    xOff: number,
    y: Float32Array,
    yOff: number,
  ): void;

  /** y[c] += Σ_r A[r, c]: z = Σ φ(k) of linear attention. */
  colSums(
    a: Float32Array,
    aOff: number,
    lda: number,
    rows: number,
    cols: number,
    y: Float32Array,
    yOff: number,
  ): void;
}
