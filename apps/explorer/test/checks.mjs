// The explorer's browser checks (run.mjs runs them in order in one page at 1280 × 800). Each
// returns a detail string or throws. Pixel checks read the canvas the user sees and compare it
// with the map the variant's weights() returned, which the page exposes on window.attnkitExplorer.
import { readFileSync } from 'node:fs';

const MAP_CASES = [
  { spec: 'full', causal: false, positional: 'none' },
  { spec: 'chunked:keyBlock=32,queryBlock=32', causal: true, positional: 'alibi' },
  { spec: 'local-window:window=8', causal: false, positional: 'rope' },
  {
    spec: 'sparse:block=8,globalBlocks=1,pattern=bigbird,randomBlocks=1,window=3',
    causal: true,
    positional: 'relative',
  },
  { spec: 'linear:featureMap=favor,features=64,seed=1', causal: false, positional: 'none' },
];

async function setMapSettings(page, { spec, n, heads, causal, positional, workload }) {
  const panel = page.locator('#panel-maps');
  const number = async (name, value) => {
    await panel.locator(`input[name="${name}"]`).fill(String(value));
    await panel.locator(`input[name="${name}"]`).dispatchEvent('change');
  };
  await number('n', n);
  await number('heads', heads);
  const box = panel.locator('input[name="causal"]');
  if ((await box.isChecked()) !== causal) await box.click();
  await panel.locator('select[name="positional"]').selectOption(positional);
  await panel.locator('select[name="workload"]').selectOption(workload);
  await panel.locator('input.spec').fill(spec);
  await panel.locator('input.spec').dispatchEvent('change');
  await page.evaluate(() => window.attnkitExplorer.idle());
  const error = await panel.locator('.error').allTextContents();
  if (error.some((t) => t.trim()))
    throw new Error(`${spec}: the page shows "${error.join(' ').trim()}"`);
}

/**
 * In the page: samples cells of a heatmap's current view and checks each pixel against the
 * weight at that cell — the colour of its LUT level ±1 (the scale's quantisation), or the
 * "not stored" grey for cells a CSR map lacks.
 */
function pixelsMatchWeights(id) {
  const entry = window.attnkitExplorer.heatmaps.get(id);
  if (!entry) throw new Error(`no heatmap ${id}`);
  const { canvas, scale, group } = entry;
  const { weights, head } = entry.extra;
  const [, , rows, cols] = weights.shape;
  const { r0, r1, c0, c1 } = group.view;
  const size = canvas.width;
  if ((r1 - r0) * 2 > size || (c1 - c0) * 2 > size) throw new Error('view has < 2 pixels per cell');
  const pixels = canvas.getContext('2d').getImageData(0, 0, size, size).data;
  const weightAt = (i, j) => {
    if (weights.kind === 'dense') return weights.data[(head * rows + i) * cols + j];
    const r = head * rows + i;
    for (let p = weights.rowPtr[r]; p < weights.rowPtr[r + 1]; p++)
      if (weights.colIdx[p] === j) return weights.values[p];
    return null;
  };
  let seed = 12345;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const cells = [];
  for (let s = 0; s < 400; s++) cells.push([r0 + next(r1 - r0), c0 + next(c1 - c0)]);
  for (let d = r0; d < Math.min(r1, c1); d++) if (d >= c0) cells.push([d, d]);
  let stored = 0;
  let notStored = 0;
  const bad = [];
  for (const [i, j] of cells) {
    const x = Math.floor(((j - c0 + 0.5) * size) / (c1 - c0));
    const y = Math.floor(((i - r0 + 0.5) * size) / (r1 - r0));
    const o = (y * size + x) * 4;
    const rgb = [pixels[o], pixels[o + 1], pixels[o + 2]];
    const w = weightAt(i, j);
    if (w === null) {
      notStored++;
      if (rgb.join() !== '228,228,228') bad.push(`(${i}, ${j}) not stored but drawn ${rgb}`);
      continue;
    }
    stored++;
    const level = Math.round(Math.sqrt(Math.min(1, Math.max(0, w / scale.hi))) * 255);
    let ok = false;
    for (let l = Math.max(0, level - 1); l <= Math.min(255, level + 1); l++)
      if (
        scale.lut[l * 3] === rgb[0] &&
        scale.lut[l * 3 + 1] === rgb[1] &&
        scale.lut[l * 3 + 2] === rgb[2]
      )
        ok = true;
    if (!ok) bad.push(`(${i}, ${j}) weight ${w} → level ${level}, pixel ${rgb}`);
  }
  return {
    stored,
    notStored,
    bad: bad.slice(0, 5),
    badCount: bad.length,
    kind: weights.kind,
    view: [r0, r1, c0, c1],
  };
}

async function expectPixels(page, id, what) {
  const r = await page.evaluate(pixelsMatchWeights, id);
  if (r.badCount > 0)
    throw new Error(`${what} ${id}: ${r.badCount} cells off: ${r.bad.join('; ')}`);
  if (r.stored < 50) throw new Error(`${what} ${id}: only ${r.stored} stored cells sampled`);
  return r;
}

/** Data points on a Vega chart that are drawn with a colour (an ordinal miss draws nothing). */
async function chartPoints(locator) {
  const fills = await locator
    .locator('svg .mark-symbol.role-mark path')
    .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill') ?? ''));
  const coloured = fills.filter((f) => /^(#|rgb)/.test(f)).length;
  if (coloured !== fills.length)
    throw new Error(`${fills.length - coloured} of ${fills.length} chart points have no colour`);
  return fills.length;
}

export const CHECKS = [
  {
    name: 'the page loads cross-origin isolated, draws the default maps, no console error',
    async run({ page, origin, consoleErrors }) {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => window.attnkitExplorer?.idle);
      await page.evaluate(() => window.attnkitExplorer.idle());
      const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
      if (!isolated) throw new Error('crossOriginIsolated is false: COOP/COEP headers missing');
      const maps = await page.locator('#panel-maps canvas[data-heatmap]').count();
      if (maps !== 3) throw new Error(`expected 3 heatmaps, found ${maps}`);
      if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
      return `isolated, ${maps} heatmaps`;
    },
  },
  ...MAP_CASES.map((c) => ({
    name: `heatmap pixels match weights(): ${c.spec} (${c.causal ? 'causal, ' : ''}${c.positional})`,
    async run({ page }) {
      await setMapSettings(page, { ...c, n: 96, heads: 2, workload: 'text' });
      const variant = await expectPixels(page, 'maps-variant', c.spec);
      const exact = await expectPixels(page, 'maps-exact', 'exact');
      return `${variant.kind}: ${variant.stored} stored + ${variant.notStored} unstored cells of the variant, ${exact.stored} of exact, all within one LUT level`;
    },
  })),
  {
    name: 'zoom into a block: pixels still match weights() (sparse, N = 512)',
    async run({ page, shots }) {
      await setMapSettings(page, {
        spec: 'sparse:block=16,globalBlocks=1,pattern=bigbird,randomBlocks=1,window=3',
        n: 512,
        heads: 4,
        causal: false,
        positional: 'none',
        workload: 'text',
      });
      const canvas = page.locator('canvas[data-heatmap="maps-variant"]');
      await canvas.focus();
      await canvas.press('Enter'); // cursor at the centre: zoom 4× into that block
      const view = await canvas.getAttribute('data-view');
      const [r0, r1] = view.split(',').map(Number);
      if (r1 - r0 !== 128) throw new Error(`expected a 128-row view after one zoom, got ${view}`);
      const r = await expectPixels(page, 'maps-variant', 'zoomed');
      await canvas.hover({ position: { x: 150, y: 120 } });
      await page.screenshot({ path: `${shots}/maps-zoomed.png` });
      await canvas.press('0');
      await canvas.hover({ position: { x: 200, y: 120 } });
      await page.screenshot({ path: `${shots}/maps.png` });
      return `view ${r.view}: ${r.stored} stored + ${r.notStored} unstored cells match`;
    },
  },
  {
    name: 'heads and patterns views draw',
    async run({ page, shots }) {
      await page.click('#tab-heads');
      await page.evaluate(() => window.attnkitExplorer.idle());
      const heads = await page.locator('#panel-heads canvas[data-heatmap^="heads-"]').count();
      if (heads !== 4) throw new Error(`expected 4 head maps, found ${heads}`);
      await page.screenshot({ path: `${shots}/heads.png` });
      await page.click('#tab-patterns');
      const text = await page.locator('#panel-patterns .summary').textContent();
      const density = Number(
        await page.locator('#panel-patterns .summary').getAttribute('data-density'),
      );
      if (!(density > 0 && density < 0.2))
        throw new Error(`bigbird density at N 16384 is ${density}`);
      await page.screenshot({ path: `${shots}/patterns.png` });
      return `${heads} head maps; ${text}`;
    },
  },
  {
    name: 'live benchmark of two specs completes, its chart appears, JSON downloads',
    async run({ page, shots }) {
      await page.click('#tab-benchmark');
      const panel = page.locator('#panel-benchmark');
      await panel.locator('textarea[name="specs"]').fill('full\nlocal-window:window=32');
      await panel.locator('input[name="lengths"]').fill('128,256,512,1024');
      await panel.locator('input[name="heads"]').fill('2');
      await panel.locator('input[name="maxSamples"]').fill('5');
      await panel.locator('input[name="budgetMs"]').fill('100');
      await panel.locator('button[name="run"]').click();
      await page.waitForSelector('#panel-benchmark[data-state="done"]', { timeout: 120_000 });
      const rows = await panel.locator('table.points tr').count();
      if (rows !== 9) throw new Error(`expected 8 result rows, found ${rows - 1}`);
      const symbols = await chartPoints(panel.locator('[data-chart="bench-time"]'));
      if (symbols !== 8) throw new Error(`expected 8 points on the chart, found ${symbols}`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        panel.locator('button[name="download"]').click(),
      ]);
      const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
      if (file.schema !== 'attnkit-explorer/bench' || file.points.length !== 8 || !file.complete)
        throw new Error(`download: ${JSON.stringify(file).slice(0, 200)}`);
      await page.screenshot({ path: `${shots}/bench.png` });
      const table = await panel
        .locator('table.points')
        .evaluate((t) =>
          [...t.rows].map((r) => [...r.cells].map((c) => c.textContent).join('\t')).join('\n'),
        );
      return `8 points charted and downloaded\n${table.replace(/\n/g, '\n      ')}`;
    },
  },
  {
    name: 'cancel stops a running benchmark, and the next run works',
    async run({ page }) {
      const panel = page.locator('#panel-benchmark');
      await panel.locator('textarea[name="specs"]').fill('full\nchunked');
      await panel.locator('input[name="lengths"]').fill('256,4096,8192');
      await panel.locator('input[name="heads"]').fill('8');
      await panel.locator('input[name="maxSamples"]').fill('3');
      await panel.locator('input[name="budgetMs"]').fill('0');
      await panel.locator('button[name="run"]').click();
      await page.waitForSelector('#panel-benchmark[data-state="running"]');
      // Cancel once the first point is in and a long one (N 4096, 8 heads) is running.
      await page.waitForFunction(
        () => document.querySelectorAll('#panel-benchmark table.points tr').length >= 3,
        null,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(300);
      const from = Date.now();
      await panel.locator('button[name="cancel"]').click();
      await page.waitForSelector('#panel-benchmark[data-state="cancelled"]', { timeout: 10_000 });
      const stoppedMs = Date.now() - from;
      const status = await panel.locator('.status').textContent();
      if (!/^cancelled after \d+ points$/.test(status)) throw new Error(`status "${status}"`);
      const points = Number(status.match(/\d+/)[0]);
      if (points < 2 || points >= 6)
        throw new Error(`${points} of 6 points finished: expected a cancel mid-run`);
      if (stoppedMs > 5000) throw new Error(`stopping took ${stoppedMs} ms`);
      if (await panel.locator('button[name="run"]').isDisabled())
        throw new Error('Run stays disabled');
      await panel.locator('textarea[name="specs"]').fill('full\nchunked');
      await panel.locator('input[name="lengths"]').fill('64');
      await panel.locator('input[name="heads"]').fill('1');
      await panel.locator('input[name="maxSamples"]').fill('3');
      await panel.locator('input[name="budgetMs"]').fill('0');
      await panel.locator('button[name="run"]').click();
      await page.waitForSelector('#panel-benchmark[data-state="done"]', { timeout: 60_000 });
      return `${status} of 6, stopped ${stoppedMs} ms after the click; a new run then completed`;
    },
  },
  {
    name: 'a bench results.json loads and its charts appear; ablation.json is refused with a reason',
    async run({ page, app, shots }) {
      const fixture = `${app}test/fixtures/results.json`;
      const results = JSON.parse(readFileSync(fixture, 'utf8'));
      const timed = new Set(
        results.runs
          .filter((r) => typeof r.medianMs === 'number')
          .map((r) => `${r.spec}|${r.n}|${r.causal}`),
      );
      await page.click('#tab-results');
      const panel = page.locator('#panel-results');
      await panel.locator('input[type="file"]').setInputFiles(fixture);
      await page.waitForSelector('#panel-results[data-state="done"]', { timeout: 30_000 });
      const time = await chartPoints(panel.locator('[data-chart="results-time"]'));
      const memory = await chartPoints(panel.locator('[data-chart="results-memory"]'));
      if (time !== timed.size)
        throw new Error(
          `time chart has ${time} points, results.json has ${timed.size} timed configurations`,
        );
      if (memory === 0) throw new Error('no memory chart points');
      await page.screenshot({ path: `${shots}/results.png`, fullPage: true });
      await panel.locator('input[type="file"]').setInputFiles({
        name: 'ablation.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ schema: 'attnkit-ablate/results', version: 1 })),
      });
      await page.waitForSelector('#panel-results[data-state="failed"]');
      const message = await panel.locator('.error').textContent();
      if (!/ablation/.test(message)) throw new Error(`ablation message: ${message}`);
      return `${time} time points, ${memory} memory points; ablation.json: "${message.slice(0, 80)}…"`;
    },
  },
  {
    name: 'select: a use case in, the ranked recommendation and the excluded families out',
    async run({ page, shots }) {
      await page.click('#tab-select');
      const panel = page.locator('#panel-select');
      const recommend = async (fields) => {
        for (const [name, value] of Object.entries(fields)) {
          const el = panel.locator(`[name="${name}"]`);
          if (name === 'causal') {
            if ((await el.isChecked()) !== value) await el.click();
          } else if (['need', 'mode', 'workload'].includes(name)) await el.selectOption(value);
          else await el.fill(String(value));
        }
        await panel.locator('button[name="select"]').click();
        await page.waitForSelector('#panel-select:is([data-state="done"], [data-state="failed"])', {
          timeout: 60_000,
        });
        if ((await panel.getAttribute('data-state')) !== 'done')
          throw new Error(`select failed: ${await panel.locator('.error').textContent()}`);
      };
      const rowsOf = () =>
        panel
          .locator('table.candidates tbody tr')
          .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
      // The case: N = 32K, causal, 1 GiB, exact.
      await recommend({ n: 32768, mode: 'prefill', causal: true, memory: '1GiB', need: 'exact' });
      const exact = await rowsOf();
      if (!exact.length) throw new Error('no candidates for N 32768 causal exact 1 GiB');
      if (exact.some((r) => r[4] !== 'exact')) throw new Error(`a non-exact pick: ${exact}`);
      const linear = await panel.locator('ul.excluded li[data-family="linear"]').textContent();
      if (!/not exact/.test(linear)) throw new Error(`linear's reason: ${linear}`);
      const source = await panel.locator('.summary').textContent();
      if (!/shipped default profile/.test(source)) throw new Error(`source line: ${source}`);
      await page.screenshot({ path: `${shots}/select.png`, fullPage: true });
      // A distance need: every window ranked must reach it; a window that cannot is left out.
      await recommend({
        n: 65536,
        need: 'distance',
        distance: 4096,
        recall: '0.9',
        memory: '8GiB',
      });
      const far = await rowsOf();
      const windows = far
        .map((r) => /^local-window:window=(\d+)/.exec(r[1]))
        .filter(Boolean)
        .map((m) => Number(m[1]));
      if (windows.some((w) => w < 4096)) throw new Error(`a window below the distance: ${windows}`);
      // Nothing meets: exact attention over 1M tokens in 64 MB.
      await recommend({ n: 1048576, need: 'exact', memory: '64MB' });
      if ((await panel.locator('table.candidates').count()) !== 0)
        throw new Error('candidates for an impossible case');
      const misses = await panel.locator('ul.excluded li').count();
      if (misses !== 5) throw new Error(`expected a nearest miss per family (5), got ${misses}`);
      return `32K causal exact 1 GiB: ${exact.length} candidates, top ${exact[0][1]} (${exact[0][2]}, ${exact[0][3]}); distance 4096 at 64K: top ${far[0]?.[1]}; 1M exact in 64 MB: nothing, ${misses} nearest misses`;
    },
  },
];
