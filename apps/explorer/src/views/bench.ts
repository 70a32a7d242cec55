/**
 * Live benchmark: time against N for chosen specs on the Web Worker pool, with a progress bar,
 * a cancel button, a log-log chart drawn as points arrive, and the results as JSON.
 */
import { type BenchPoint, type BenchSettings, Cancelled, runBench } from '../bench/runner.ts';
import { drawLineChart } from '../charts.ts';
import { hook } from '../test-hook.ts';

export function benchView(container: HTMLElement): void {
  const form = document.createElement('form');
  form.className = 'controls';
  form.innerHTML = `
    <label class="wide">specs, one a line
      <textarea name="specs" rows="4" cols="48" spellcheck="false">full
chunked
local-window:window=128
linear:featureMap=elu</textarea></label>
    <div class="control-row">
      <label>N <input name="lengths" value="256,512,1024,2048" size="22"></label>
      <label>heads <input name="heads" type="number" min="1" max="32" value="4"></label>
      <label>head dim <input name="headDim" type="number" min="1" max="256" value="64"></label>
      <label>causal <input name="causal" type="checkbox"></label>
      <label>workers <input name="threads" type="number" min="1" max="64" value="${navigator.hardwareConcurrency || 2}"></label>
      <label>samples <input name="maxSamples" type="number" min="1" max="100" value="7"></label>
      <label>ms per point <input name="budgetMs" type="number" min="0" value="300"></label>
    </div>
    <div class="control-row">
      <button type="submit" name="run">Run</button>
      <button type="button" name="cancel" disabled>Cancel</button>
      <progress max="1" value="0" aria-label="benchmark progress"></progress>
      <span class="status" aria-live="polite"></span>
      <button type="button" name="download" disabled>Download JSON</button>
    </div>`;
  const chart = document.createElement('div');
  chart.className = 'chart';
  chart.dataset.chart = 'bench-time';
  const table = document.createElement('table');
  table.className = 'points';
  const note = document.createElement('p');
  note.className = 'muted';
  note.textContent =
    'Each point: one warm-up call, then the median of timed pool.forward calls (random unit-normal q, k, v, batch 1); ' +
    'wasm kernels in every worker. The page is shared with the browser, so read ratios between specs, not absolute times.';
  container.replaceChildren(form, chart, table, note);

  const get = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const progress = form.querySelector('progress')!;
  const status = form.querySelector('.status')!;
  const cancel = get('cancel') as unknown as HTMLButtonElement;
  const run = get('run') as unknown as HTMLButtonElement;
  const download = get('download') as unknown as HTMLButtonElement;
  let controller: AbortController | null = null;
  let last: {
    settings: BenchSettings;
    points: BenchPoint[];
    startedAt: string;
    finished: boolean;
  } | null = null;

  const redraw = (points: BenchPoint[]) => {
    table.innerHTML =
      '<tr><th>spec</th><th>N</th><th>median ms</th><th>min–max ms</th><th>samples</th><th>GFLOP/s</th></tr>' +
      points
        .map(
          (p) =>
            `<tr><td>${p.spec}</td><td>${p.n}</td><td>${p.medianMs.toFixed(2)}</td><td>${p.minMs.toFixed(2)}–${p.maxMs.toFixed(2)}</td><td>${p.samples}</td><td>${p.gflops.toFixed(2)}</td></tr>`,
        )
        .join('');
    return drawLineChart(chart, {
      title: 'time per forward vs N (log-log)',
      x: { title: 'N (tokens)', log: true },
      y: { title: 'median ms', log: true },
      points: points.map((p) => ({
        series: p.spec,
        x: p.n,
        y: p.medianMs,
        label: `${p.gflops.toFixed(1)} GFLOP/s`,
      })),
    });
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (controller) return;
    const settings: BenchSettings = {
      specs: get('specs')
        .value.split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      lengths: get('lengths')
        .value.split(/[\s,]+/)
        .filter(Boolean)
        .map(Number),
      heads: Number(get('heads').value),
      headDim: Number(get('headDim').value),
      causal: get('causal').checked,
      threads: Number(get('threads').value),
      minSamples: 3,
      maxSamples: Number(get('maxSamples').value),
      budgetMs: Number(get('budgetMs').value),
    };
    controller = new AbortController();
    run.disabled = true;
    cancel.disabled = false;
    download.disabled = true;
    container.dataset.state = 'running';
    const points: BenchPoint[] = [];
    last = { settings, points, startedAt: new Date().toISOString(), finished: false };
    const running = runBench(
      settings,
      (p) => {
        points.push(p);
        void redraw(points);
      },
      (p) => {
        progress.max = p.total;
        progress.value = p.done;
        status.textContent = `${p.done} / ${p.total} · ${p.label}`;
      },
      controller.signal,
    );
    hook().benchRun = running.then(
      () => undefined,
      () => undefined,
    );
    try {
      await running;
      await redraw(points);
      last.finished = true;
      container.dataset.state = 'done';
    } catch (error) {
      container.dataset.state = error instanceof Cancelled ? 'cancelled' : 'failed';
      status.textContent =
        error instanceof Cancelled
          ? `cancelled after ${points.length} points`
          : `failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      controller = null;
      run.disabled = false;
      cancel.disabled = true;
      download.disabled = points.length === 0;
    }
  });
  cancel.addEventListener('click', () => controller?.abort());
  download.addEventListener('click', () => {
    if (!last) return;
    const file = {
      schema: 'attnkit-explorer/bench',
      version: 1,
      startedAt: last.startedAt,
      complete: last.finished,
      commit: __ATTNKIT_COMMIT__,
      machine: {
        userAgent: navigator.userAgent,
        hardwareConcurrency: navigator.hardwareConcurrency,
        crossOriginIsolated: globalThis.crossOriginIsolated,
        backend: 'wasm (auto) in Web Workers',
      },
      settings: last.settings,
      points: last.points,
    };
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = 'explorer-bench.json';
    a.click();
    URL.revokeObjectURL(url);
  });
}
