/**
 * Patterns: which (query block, key block) pairs a spec computes at long N — sparse layouts,
 * windows, the causal triangle — with the density of token pairs attended, and the keys one
 * chosen query row sees. Nothing here computes weights, so N can be in the hundreds of thousands.
 */

import { patternMask } from '../pattern-mask.ts';
import { specForm } from '../spec-form.ts';
import { createVariant } from '../variants.ts';

const SIZE = 480;
const KIND_COLOUR = { full: '#2c3e8f', partial: '#7fa7e8', none: '#f3f3f3' } as const;

export function patternsView(container: HTMLElement): void {
  const state = {
    spec: 'sparse:pattern=bigbird,block=64',
    n: 16384,
    heads: 1,
    head: 0,
    causal: false,
    row: 8192,
  };
  const form = specForm(state.spec, (spec) => {
    state.spec = spec;
    draw();
  });
  const controls = document.createElement('div');
  controls.className = 'control-row';
  const num = (label: string, key: 'n' | 'heads' | 'head' | 'row', min: number) => {
    const input = document.createElement('input');
    input.type = 'number';
    input.min = String(min);
    input.name = `patterns-${key}`;
    input.value = String(state[key]);
    input.addEventListener('change', () => {
      state[key] = Math.max(min, Math.round(Number(input.value)) || min);
      draw();
    });
    const el = document.createElement('label');
    el.append(`${label} `, input);
    return el;
  };
  const causal = document.createElement('input');
  causal.type = 'checkbox';
  causal.addEventListener('change', () => {
    state.causal = causal.checked;
    draw();
  });
  const causalLabel = document.createElement('label');
  causalLabel.append('causal ', causal);
  controls.append(
    num('N', 'n', 1),
    num('heads', 'heads', 1),
    num('head', 'head', 0),
    causalLabel,
    num('query row', 'row', 0),
  );
  const out = document.createElement('div');
  container.replaceChildren(form.element, controls, out);

  function draw(): void {
    try {
      const variant = createVariant(state.spec);
      const head = Math.min(state.head, state.heads - 1);
      const row = Math.min(state.row, state.n - 1);
      const requested =
        variant.name === 'sparse' ? 0 : Math.max(1, 2 ** Math.ceil(Math.log2(state.n / 256)));
      const mask = patternMask(variant, state.n, state.heads, state.causal, requested || 64);
      const blocks = Math.ceil(state.n / mask.block);
      const canvas = blockCanvas(mask, blocks, head, Math.floor(row / mask.block));
      const strip = rowStrip(mask, state.n, head, row);
      const text = document.createElement('p');
      text.className = 'summary';
      text.dataset.density = String(mask.density(head));
      text.textContent =
        `${state.spec} · N ${state.n} · ${blocks} × ${blocks} blocks of ${mask.block} · head ${head} · ` +
        `density ${(100 * mask.density(head)).toFixed(2)}% of ${state.causal ? 'causal ' : ''}token pairs · ${mask.note}`;
      out.replaceChildren(text, canvas, strip.element);
    } catch (e) {
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = e instanceof Error ? e.message : String(e);
      out.replaceChildren(p);
    }
  }
  draw();
}

function blockCanvas(
  mask: ReturnType<typeof patternMask>,
  blocks: number,
  head: number,
  rowBlock: number,
): HTMLElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = SIZE;
  canvas.dataset.heatmap = 'patterns-blocks';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'block layout: dark blocks computed fully, light partially');
  const ctx = canvas.getContext('2d')!;
  const cell = SIZE / blocks;
  // Pool when blocks exceed pixels: a pixel shows the strongest kind it covers.
  const g = Math.min(blocks, SIZE);
  const rank = { none: 0, partial: 1, full: 2 } as const;
  const kinds = ['none', 'partial', 'full'] as const;
  for (let gy = 0; gy < g; gy++)
    for (let gx = 0; gx < g; gx++) {
      let best = 0;
      const q0 = Math.floor((gy * blocks) / g);
      const q1 = Math.max(q0 + 1, Math.floor(((gy + 1) * blocks) / g));
      const k0 = Math.floor((gx * blocks) / g);
      const k1 = Math.max(k0 + 1, Math.floor(((gx + 1) * blocks) / g));
      for (let qb = q0; qb < q1 && best < 2; qb++)
        for (let kb = k0; kb < k1 && best < 2; kb++)
          best = Math.max(best, rank[mask.blockKind(head, qb, kb)]);
      ctx.fillStyle = KIND_COLOUR[kinds[best]];
      ctx.fillRect((gx * SIZE) / g, (gy * SIZE) / g, Math.ceil(SIZE / g), Math.ceil(SIZE / g));
    }
  ctx.strokeStyle = '#ff2d95';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(0, rowBlock * cell, SIZE, Math.max(2, cell));
  const wrap = document.createElement('div');
  wrap.className = 'heatmap-row';
  const key = document.createElement('div');
  key.className = 'legend swatches';
  key.innerHTML = `${(['full', 'partial', 'none'] as const)
    .map(
      (k) =>
        `<div><span style="background:${KIND_COLOUR[k]}"></span>${k === 'none' ? 'skipped' : `${k} block`}</div>`,
    )
    .join('')}<div><span style="border:2px solid #ff2d95"></span>chosen row</div>`;
  wrap.append(canvas, key);
  return wrap;
}

/** The keys query `row` sees, pooled to the strip's pixels, and how many they are. */
function rowStrip(mask: ReturnType<typeof patternMask>, n: number, head: number, row: number) {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = 20;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = KIND_COLOUR.none;
  ctx.fillRect(0, 0, SIZE, 20);
  ctx.fillStyle = KIND_COLOUR.full;
  let seen = 0;
  let lastPixel = -1;
  for (let j = 0; j < n; j++) {
    if (!mask.sees(head, row, j)) continue;
    seen++;
    const x = Math.floor((j * SIZE) / n);
    if (x !== lastPixel) ctx.fillRect(x, 0, Math.max(1, SIZE / n), 20);
    lastPixel = x;
  }
  const element = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = `query ${row} sees ${seen} of ${n} keys (${((100 * seen) / n).toFixed(2)}%); keys 0 … ${n - 1} left to right`;
  element.append(caption, canvas);
  return { element, seen };
}
