/**
 * Colour scales of the heatmaps as 256-entry lookup tables, so a value maps to one of 256
 * colours (the quantisation the browser test allows). Weights use viridis on a square-root
 * scale (attention maps are heavy-tailed: a linear scale shows only the peaks); differences use
 * a diverging blue–white–red on a linear scale symmetric about 0.
 */
export type Rgb = readonly [number, number, number];
export const LEVELS = 256;

// Viridis (matplotlib) at 9 evenly spaced points.
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
// ColorBrewer RdBu, reversed: negative blue, zero white, positive red.
const DIVERGING: Rgb[] = [
  [5, 48, 97],
  [67, 147, 195],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [214, 96, 77],
  [103, 0, 31],
];
/** Cells a CSR map does not store (outside the window or layout): not computed, not zero. */
export const NOT_STORED: Rgb = [228, 228, 228];

function table(anchors: Rgb[]): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) {
    const x = (i / (LEVELS - 1)) * (anchors.length - 1);
    const a = Math.min(anchors.length - 2, Math.floor(x));
    const t = x - a;
    for (let c = 0; c < 3; c++)
      lut[i * 3 + c] = Math.round(anchors[a][c] * (1 - t) + anchors[a + 1][c] * t);
  }
  return lut;
}

export interface ColourScale {
  kind: 'sqrt' | 'diverging';
  /** Values map from [lo, hi]; outside it they clamp. */
  lo: number;
  hi: number;
  lut: Uint8ClampedArray;
  /** The LUT level of a value. */
  level(value: number): number;
}

export function weightScale(max: number): ColourScale {
  const hi = max > 0 ? max : 1;
  return {
    kind: 'sqrt',
    lo: 0,
    hi,
    lut: table(VIRIDIS),
    level: (v) => Math.round(Math.sqrt(Math.min(1, Math.max(0, v / hi))) * (LEVELS - 1)),
  };
}

export function differenceScale(maxAbs: number): ColourScale {
  const hi = maxAbs > 0 ? maxAbs : 1;
  return {
    kind: 'diverging',
    lo: -hi,
    hi,
    lut: table(DIVERGING),
    level: (v) => Math.round(((Math.min(hi, Math.max(-hi, v)) + hi) / (2 * hi)) * (LEVELS - 1)),
  };
}

/** The value at the middle of a LUT level (for legend ticks). */
export function valueAtLevel(scale: ColourScale, level: number): number {
  const t = level / (LEVELS - 1);
  return scale.kind === 'sqrt' ? t * t * scale.hi : scale.lo + t * (scale.hi - scale.lo);
}

export const formatValue = (v: number): string =>
  v === 0 ? '0' : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(1);

/** A vertical colour bar with ticks, as a DOM element beside a heatmap. */
export function legend(scale: ColourScale, height: number, note?: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'legend';
  const bar = document.createElement('canvas');
  bar.width = 14;
  bar.height = height;
  const ctx = bar.getContext('2d')!;
  for (let y = 0; y < height; y++) {
    const level = Math.round((1 - y / (height - 1)) * (LEVELS - 1));
    ctx.fillStyle = `rgb(${scale.lut[level * 3]},${scale.lut[level * 3 + 1]},${scale.lut[level * 3 + 2]})`;
    ctx.fillRect(0, y, 14, 1);
  }
  const ticks = document.createElement('div');
  ticks.className = 'ticks';
  ticks.style.height = `${height}px`;
  // Ticks at round places of the scale: quarters of the level range (√ scale), or ±hi, ±hi/2, 0.
  const ticks_ =
    scale.kind === 'sqrt'
      ? [LEVELS - 1, 191, 127, 63, 0].map((level) => ({
          at: level / (LEVELS - 1),
          value: valueAtLevel(scale, level),
        }))
      : [1, 0.5, 0, -0.5, -1].map((f) => ({ at: (f + 1) / 2, value: f * scale.hi }));
  for (const { at, value } of ticks_) {
    const tick = document.createElement('span');
    tick.style.top = `${(1 - at) * 100}%`;
    tick.textContent = formatValue(value);
    ticks.append(tick);
  }
  box.append(bar, ticks);
  const caption = document.createElement('div');
  caption.className = 'legend-caption';
  caption.textContent = `${scale.kind === 'sqrt' ? '√ scale' : 'linear, ±'}${note ? ` · ${note}` : ''}`;
  box.append(caption);
  return box;
}
