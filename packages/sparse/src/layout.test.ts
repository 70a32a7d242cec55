import { AttentionError } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import {
  BlockLayout,
  bigbird,
  custom,
  fixed,
  fromMask,
  global,
  intersect,
  type LayoutSizes,
  longformer,
  strided,
  union,
} from './index.ts';

const sizes = (n: number, block: number, extra: Partial<LayoutSizes> = {}): LayoutSizes => ({
  queryLength: n,
  keyLength: n,
  block,
  heads: 1,
  causal: false,
  ...extra,
});
const rowOf = (l: BlockLayout, qb: number, h = 0) =>
  Array.from(
    l.colIdx.subarray(l.rowPtr[h * l.queryBlocks + qb], l.rowPtr[h * l.queryBlocks + qb + 1]),
  );
const matrixOf = (l: BlockLayout, h = 0) =>
  Array.from({ length: l.queryBlocks }, (_, qb) =>
    Array.from({ length: l.keyBlocks }, (_, kb) => l.blockKind(h, qb, kb) !== 'none'),
  );
/** Checks allows(i, j) against a token-level definition for every pair. */
const expectTokens = (l: BlockLayout, n: number, want: (i: number, j: number) => boolean) => {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (l.allows(0, i, j) !== want(i, j))
        expect([i, j, l.allows(0, i, j)]).toEqual([i, j, want(i, j)]);
};

describe('BlockLayout', () => {
  it('density counts nonzero blocks: global(1) on 8×8 blocks has 8 + 8 − 1', () => {
    const l = global().layout(sizes(8 * 16, 16));
    expect(l.nnz).toBe(15);
    expect(l.density()).toBeCloseTo(15 / 64, 12);
    expect(l.density(0)).toBeCloseTo(15 / 64, 12);
  });
  it('renders as text and SVG, one mark per nonzero block', () => {
    const l = strided({ stride: 2 }).layout(sizes(10 * 4, 4));
    const text = l.toText();
    const grid = text.split('\n').slice(1);
    expect(grid).toHaveLength(10);
    expect(grid.join('').split('#').length - 1).toBe(l.nnz);
    expect(text).toContain(`density ${(100 * l.density()).toFixed(1)}%`);
    const svg = l.toSVG({ cell: 3 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(l.nnz + 1);
    const partial = fromMask((i, j) => j <= i, 4).layout(sizes(12, 4));
    expect(partial.toText().split('\n')[1]).toBe('+..');
  });
  it('downsamples large layouts in the text picture', () => {
    const l = bigbird().layout(sizes(64 * 1000, 64));
    const lines = l.toText({ maxSize: 50 }).split('\n');
    expect(lines[0]).toContain('1 char = 20×20 blocks');
    expect(lines).toHaveLength(51);
  });
});

describe('union and intersect', () => {
  const a = custom([
    [true, false, false],
    [false, true, false],
    [true, false, true],
  ]);
  const b = custom([
    [true, true, false],
    [false, false, false],
    [false, false, true],
  ]);
  it('combine block matrices', () => {
    const s = sizes(3 * 8, 8);
    expect(matrixOf(union(a, b).layout(s))).toEqual([
      [true, true, false],
      [false, true, false],
      [true, false, true],
    ]);
    expect(matrixOf(intersect(a, b).layout(s))).toEqual([
      [true, false, false],
      [false, false, false],
      [false, false, true],
    ]);
    // Layouts combine directly into a layout.
    const la = a.layout(s);
    const lb = b.layout(s);
    expect(union(la, lb)).toBeInstanceOf(BlockLayout);
    expect(intersect(la, lb).nnz).toBe(2);
  });
  it('OR and AND token masks inside partial blocks', () => {
    const even = fromMask((i, j) => (i + j) % 2 === 0, 4);
    const band = fromMask((i, j) => Math.abs(i - j) <= 2, 4);
    const s = sizes(22, 4);
    const u = union(even, band).layout(s);
    const x = intersect(even, band).layout(s);
    expectTokens(u, 22, (i, j) => (i + j) % 2 === 0 || Math.abs(i - j) <= 2);
    expectTokens(x, 22, (i, j) => (i + j) % 2 === 0 && Math.abs(i - j) <= 2);
    expect(x.nnz).toBeLessThan(u.nnz);
  });
  it('refuses layouts of different sizes or block sizes', () => {
    const small = custom([[true]]).layout(sizes(8, 8));
    const big = custom([
      [true, true],
      [true, true],
    ]).layout(sizes(16, 8));
    expect(() => union(small, big)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() =>
      union(
        fromMask(() => true, 4),
        fromMask(() => true, 8),
      ),
    ).toThrow(AttentionError);
  });
});

describe('patterns', () => {
  it('strided is the Sparse Transformer rule at b = 1: |i − j| < l or l divides i − j', () => {
    const l = strided({ stride: 4 }).layout(sizes(30, 1));
    expectTokens(l, 30, (i, j) => Math.abs(i - j) < 4 || (i - j) % 4 === 0);
  });
  it('fixed is the Sparse Transformer rule at b = 1: same window of l, or a summary position', () => {
    const l = fixed({ stride: 5, summary: 2 }).layout(sizes(31, 1));
    expectTokens(l, 31, (i, j) => Math.floor(i / 5) === Math.floor(j / 5) || j % 5 >= 3);
  });
  it('longformer: window blocks, global blocks, and global tokens exact at token level', () => {
    const b = 4;
    const T = new Set([6, 17]);
    const l = longformer({ window: 3, globalBlocks: 1, globalTokens: [6, 17] }).layout(
      sizes(40, b),
    );
    const qb = (i: number) => Math.floor(i / b);
    expectTokens(
      l,
      40,
      (i, j) => Math.abs(qb(i) - qb(j)) <= 1 || qb(i) === 0 || qb(j) === 0 || T.has(i) || T.has(j),
    );
  });
  it('bigbird: window + global + exactly r random blocks per ordinary row, reproducible by seed', () => {
    const s = sizes(64 * 64, 64);
    const l1 = bigbird({ seed: 11 }).layout(s);
    const l2 = bigbird({ seed: 11 }).layout(s);
    const l3 = bigbird({ seed: 12 }).layout(s);
    expect(Array.from(l1.colIdx)).toEqual(Array.from(l2.colIdx));
    expect(Array.from(l1.colIdx)).not.toEqual(Array.from(l3.colIdx));
    expect(rowOf(l1, 0)).toHaveLength(64); // global rows attend every block
    for (let qb = 3; qb < 63; qb++) {
      const row = rowOf(l1, qb);
      expect(row).toHaveLength(3 + 2 + 3);
      expect(row).toEqual(expect.arrayContaining([0, 1, qb - 1, qb]));
    }
    // Density falls as 1/N: ≈ (w + 2g + r) / (N/b).
    const big = bigbird({ seed: 11 }).layout(sizes(64 * 256, 64));
    expect(l1.density() / big.density()).toBeGreaterThan(3.5);
  });
  it('bigbird causal: random draws stay at or below the diagonal, and rows do not depend on N', () => {
    const p = bigbird({ seed: 4, randomBlocks: 2 });
    const short = p.layout(sizes(40 * 8, 8, { causal: true }));
    const long = p.layout(sizes(90 * 8 + 3, 8, { causal: true }));
    const visible = (row: number[], qb: number) => row.filter((kb) => kb <= qb);
    for (let qb = 0; qb < 40; qb++) {
      const row = rowOf(short, qb);
      // Above the diagonal only the window's next block (global rows 0, 1 list every block).
      if (qb >= 2) expect(row.filter((kb) => kb > qb)).toEqual(qb + 1 < 40 ? [qb + 1] : []);
      if (qb >= 6) expect(visible(row, qb)).toHaveLength(2 + 2 + 2);
      expect(visible(rowOf(long, qb), qb)).toEqual(visible(row, qb));
    }
  });
  it('bigbird perHead draws each head separately', () => {
    const l = bigbird({ perHead: true }).layout(sizes(32 * 4, 4, { heads: 3 }));
    expect(l.heads).toBe(3);
    expect(rowOf(l, 10, 0)).not.toEqual(rowOf(l, 10, 1));
  });
  it('fromMask classifies blocks as full, partial or empty and keeps the exact token mask', () => {
    const l = fromMask((i, j) => j <= i, 8).layout(sizes(30, 8));
    expect(l.blockKind(0, 2, 1)).toBe('full');
    expect(l.blockKind(0, 2, 2)).toBe('partial');
    expect(l.blockKind(0, 1, 2)).toBe('none');
    expect(l.nnz).toBe(10);
    expectTokens(l, 30, (i, j) => j <= i);
  });
  it('custom refuses a call of another size', () => {
    const p = custom([
      [true, false],
      [true, true],
    ]);
    expect(() => p.layout(sizes(40, 8))).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
    expect(p.layout(sizes(9, 8)).nnz).toBe(3);
  });
  it('refuses bad options with INVALID_CONFIG', () => {
    for (const f of [
      () => bigbird({ window: 2 }),
      () => strided({ stride: 0 }),
      () => fixed({ stride: 2, summary: 3 }),
      () => longformer({ globalTokens: [-1] }),
      () => global({ globalBlocks: -1 }),
      () => custom([[true], [true, false]]),
      () => fromMask(3 as never, 8),
    ])
      expect(f).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
