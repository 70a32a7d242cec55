/**
 * Canvas heatmaps of attention maps. A group of maps (variant, exact, difference) shares one
 * view and one cursor: hover or the arrow keys show (i, j, weight) on every map; a click, Enter
 * or + zooms 4× into the block under the cursor; − zooms out, 0 or Escape shows the whole map.
 * When a view holds more cells than pixels, a pixel shows the largest value it covers (max
 * pooling keeps thin bands and single keys visible); CSR maps colour only their stored cells.
 */
import { type ColourScale, formatValue, legend, NOT_STORED } from './colour.ts';
import type { MapSource } from './map-source.ts';
import { registerHeatmap } from './test-hook.ts';

export interface View {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

interface Member {
  map: MapSource;
  canvas: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  readout: HTMLElement;
  scale: ColourScale;
}

export class HeatmapGroup {
  private members: Member[] = [];
  view: View;
  cursor: { i: number; j: number } | null = null;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly size: number,
    private readonly describeCell: (i: number, j: number) => string = () => '',
  ) {
    this.view = { r0: 0, r1: rows, c0: 0, c1: cols };
  }

  /** A titled heatmap with its legend and readout; `id` names it for the browser test. */
  add(id: string, title: string, map: MapSource, scale: ColourScale, extra?: unknown): HTMLElement {
    const figure = document.createElement('figure');
    figure.className = 'heatmap';
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    caption.title = title;
    const stack = document.createElement('div');
    stack.className = 'stack';
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = this.size;
    canvas.dataset.heatmap = id;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute(
      'aria-label',
      `${title}; arrows move, Enter zooms in, minus zooms out, 0 resets`,
    );
    const overlay = document.createElement('canvas');
    overlay.width = overlay.height = this.size;
    overlay.className = 'overlay';
    stack.append(canvas, overlay);
    const row = document.createElement('div');
    row.className = 'heatmap-row';
    row.append(stack, legend(scale, this.size, map.sparse ? 'grey: not stored' : undefined));
    const readout = document.createElement('div');
    readout.className = 'readout';
    readout.setAttribute('aria-live', 'polite');
    readout.textContent = '(i, j) weight';
    figure.append(caption, row, readout);
    const member = { map, canvas, overlay, readout, scale };
    this.members.push(member);
    this.listen(canvas);
    registerHeatmap(id, { canvas, map, scale, group: this, extra });
    this.render(member);
    return figure;
  }

  private listen(canvas: HTMLCanvasElement): void {
    const cellAt = (event: MouseEvent) => {
      const box = canvas.getBoundingClientRect();
      const { r0, r1, c0, c1 } = this.view;
      const x = ((event.clientX - box.left) / box.width) * (c1 - c0);
      const y = ((event.clientY - box.top) / box.height) * (r1 - r0);
      return { i: Math.min(r1 - 1, r0 + Math.floor(y)), j: Math.min(c1 - 1, c0 + Math.floor(x)) };
    };
    canvas.addEventListener('mousemove', (e) => this.setCursor(cellAt(e)));
    canvas.addEventListener('click', (e) => {
      this.setCursor(cellAt(e));
      this.zoomIn();
    });
    canvas.addEventListener('keydown', (e) => {
      const { r0, r1, c0, c1 } = this.view;
      const step = Math.max(1, Math.round((r1 - r0) / 32));
      const cur = this.cursor ?? { i: Math.floor((r0 + r1) / 2), j: Math.floor((c0 + c1) / 2) };
      const move: Record<string, [number, number]> = {
        ArrowUp: [-step, 0],
        ArrowDown: [step, 0],
        ArrowLeft: [0, -step],
        ArrowRight: [0, step],
      };
      if (move[e.key]) {
        const [di, dj] = move[e.key];
        this.setCursor({
          i: Math.min(r1 - 1, Math.max(r0, cur.i + di)),
          j: Math.min(c1 - 1, Math.max(c0, cur.j + dj)),
        });
      } else if (e.key === 'Enter' || e.key === '+' || e.key === '=') {
        this.cursor = cur;
        this.zoomIn();
      } else if (e.key === '-') this.zoomOut();
      else if (e.key === '0' || e.key === 'Escape')
        this.setView({ r0: 0, r1: this.rows, c0: 0, c1: this.cols });
      else return;
      e.preventDefault();
    });
  }

  /** Zooms 4× into the block of the current view that holds the cursor. */
  zoomIn(): void {
    const { r0, r1, c0, c1 } = this.view;
    const h = Math.max(1, Math.ceil((r1 - r0) / 4));
    const w = Math.max(1, Math.ceil((c1 - c0) / 4));
    if (r1 - r0 <= 4 && c1 - c0 <= 4) return;
    const cur = this.cursor ?? { i: r0, j: c0 };
    const br = r0 + Math.floor((cur.i - r0) / h) * h;
    const bc = c0 + Math.floor((cur.j - c0) / w) * w;
    this.setView({ r0: br, r1: Math.min(r1, br + h), c0: bc, c1: Math.min(c1, bc + w) });
  }

  zoomOut(): void {
    const { r0, r1, c0, c1 } = this.view;
    const h = Math.min(this.rows, (r1 - r0) * 4);
    const w = Math.min(this.cols, (c1 - c0) * 4);
    const nr = Math.max(0, Math.min(this.rows - h, r0 - Math.floor((h - (r1 - r0)) / 2)));
    const nc = Math.max(0, Math.min(this.cols - w, c0 - Math.floor((w - (c1 - c0)) / 2)));
    this.setView({ r0: nr, r1: nr + h, c0: nc, c1: nc + w });
  }

  setView(view: View): void {
    this.view = view;
    for (const m of this.members) this.render(m);
  }

  setCursor(cell: { i: number; j: number }): void {
    this.cursor = cell;
    for (const m of this.members) {
      const w = m.map.value(cell.i, cell.j);
      const what = w === null ? 'not stored' : formatValue(w);
      m.readout.textContent = `(i ${cell.i}, j ${cell.j}) ${what}${this.describeCell(cell.i, cell.j)}`;
      this.drawCursor(m);
    }
  }

  private drawCursor(m: Member): void {
    const ctx = m.overlay.getContext('2d')!;
    ctx.clearRect(0, 0, this.size, this.size);
    if (!this.cursor) return;
    const { r0, r1, c0, c1 } = this.view;
    const sx = this.size / (c1 - c0);
    const sy = this.size / (r1 - r0);
    ctx.strokeStyle = '#ff2d95';
    ctx.lineWidth = 1.5;
    const x = (this.cursor.j - c0) * sx;
    const y = (this.cursor.i - r0) * sy;
    ctx.strokeRect(x - 1, y - 1, Math.max(3, sx) + 2, Math.max(3, sy) + 2);
  }

  /** Pools the view to at most size × size cells, then expands each to its pixels. */
  private render(m: Member): void {
    const { r0, r1, c0, c1 } = this.view;
    const gh = Math.min(r1 - r0, this.size);
    const gw = Math.min(c1 - c0, this.size);
    const grid = new Float64Array(gh * gw).fill(Number.NaN);
    const diverging = m.scale.kind === 'diverging';
    m.map.forEach(r0, r1, c0, c1, (i, j, w) => {
      const g =
        Math.floor(((i - r0) * gh) / (r1 - r0)) * gw + Math.floor(((j - c0) * gw) / (c1 - c0));
      const old = grid[g];
      if (Number.isNaN(old) || (diverging ? Math.abs(w) > Math.abs(old) : w > old)) grid[g] = w;
    });
    const image = new ImageData(this.size, this.size);
    const px = image.data;
    const colOf = new Int32Array(this.size);
    for (let x = 0; x < this.size; x++) colOf[x] = Math.floor((x * gw) / this.size);
    for (let y = 0; y < this.size; y++) {
      const gRow = Math.floor((y * gh) / this.size) * gw;
      for (let x = 0; x < this.size; x++) {
        const w = grid[gRow + colOf[x]];
        const o = (y * this.size + x) * 4;
        if (Number.isNaN(w)) {
          px[o] = NOT_STORED[0];
          px[o + 1] = NOT_STORED[1];
          px[o + 2] = NOT_STORED[2];
        } else {
          const l = m.scale.level(w) * 3;
          px[o] = m.scale.lut[l];
          px[o + 1] = m.scale.lut[l + 1];
          px[o + 2] = m.scale.lut[l + 2];
        }
        px[o + 3] = 255;
      }
    }
    m.canvas.getContext('2d')!.putImageData(image, 0, 0);
    m.canvas.dataset.view = `${r0},${r1},${c0},${c1}`;
    this.drawCursor(m);
  }
}
