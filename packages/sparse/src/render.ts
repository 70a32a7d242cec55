/**
 * What drawing needs of a layout. Stated here rather than imported, so layout.ts (whose
 * toText/toSvg call these) and render.ts do not import each other.
 */
export interface DrawableLayout {
  readonly block: number;
  readonly queryBlocks: number;
  readonly keyBlocks: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly maskOf: Int32Array;
  density(head?: number): number;
  headIndex(h: number): number;
}

/** How `layoutText` draws a layout (for terminals and logs). */
export interface TextOptions {
  /** Which head's layout to draw. Default 0. */
  head?: number;
  /** Largest picture side in characters; larger layouts are downsampled. Default 64. */
  maxSize?: number;
}

/** How `layoutSvg` draws a layout (for reports and the explorer). */
export interface SvgOptions {
  /** Which head's layout to draw. Default 0. */
  head?: number;
  /** Pixels per cell. Default 4. */
  cell?: number;
  /** Largest picture side in cells; larger layouts are downsampled. Default 256. */
  maxSize?: number;
  /** A caption above the picture. Default none. */
  title?: string;
}

/** 0 empty, 1 partial, 2 full per cell of a (possibly downsampled) grid: a cell shows its strongest block. */
function grid(layout: DrawableLayout, head: number, maxSize: number) {
  const step = Math.max(1, Math.ceil(Math.max(layout.queryBlocks, layout.keyBlocks) / maxSize));
  const rows = Math.ceil(layout.queryBlocks / step);
  const cols = Math.ceil(layout.keyBlocks / step);
  const cells = new Uint8Array(rows * cols);
  const h = layout.headIndex(head);
  for (let qb = 0; qb < layout.queryBlocks; qb++) {
    const r = h * layout.queryBlocks + qb;
    for (let p = layout.rowPtr[r]; p < layout.rowPtr[r + 1]; p++) {
      const cell = Math.floor(qb / step) * cols + Math.floor(layout.colIdx[p] / step);
      cells[cell] = Math.max(cells[cell], layout.maskOf[p] < 0 ? 2 : 1);
    }
  }
  return { rows, cols, cells, step };
}

export function layoutText(layout: DrawableLayout, options: TextOptions = {}): string {
  const { rows, cols, cells, step } = grid(layout, options.head ?? 0, options.maxSize ?? 64);
  const chars = ['.', '+', '#'];
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) line += chars[cells[r * cols + c]];
    lines.push(line);
  }
  const scale = step > 1 ? `, 1 char = ${step}×${step} blocks` : '';
  const header = `${layout.queryBlocks}×${layout.keyBlocks} blocks of ${layout.block}, density ${(100 * layout.density(options.head)).toFixed(1)}%${scale}`;
  return `${header}\n${lines.join('\n')}`;
}

export function layoutSvg(layout: DrawableLayout, options: SvgOptions = {}): string {
  const cell = options.cell ?? 4;
  const { rows, cols, cells } = grid(layout, options.head ?? 0, options.maxSize ?? 256);
  const fill = ['', '#9ecae1', '#08519c'];
  const rects: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = cells[r * cols + c];
      if (v)
        rects.push(
          `<rect x="${c * cell}" y="${r * cell}" width="${cell}" height="${cell}" fill="${fill[v]}"/>`,
        );
    }
  }
  const w = cols * cell;
  const h = rows * cell;
  const title =
    options.title ?? `sparse layout, density ${(100 * layout.density(options.head)).toFixed(1)}%`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<title>${title.replace(/[<&>]/g, '')}</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff" stroke="#cccccc"/>`,
    ...rects,
    '</svg>',
  ].join('\n');
}
