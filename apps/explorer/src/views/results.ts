/**
 * Results viewer: open (or drop) a bench results.json, or a live-benchmark download, and see
 * time against N and peak memory against N on log-log axes, the fitted exponents and what the
 * run skipped.
 */
import { drawLineChart } from '../charts.ts';
import { type ChartData, readResultFile } from '../results-file.ts';

export function resultsView(container: HTMLElement): void {
  const picker = document.createElement('label');
  picker.className = 'file';
  picker.textContent = 'open results.json ';
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  input.name = 'results-file';
  picker.append(input);
  const hint = document.createElement('p');
  hint.className = 'muted';
  hint.textContent =
    'A results.json from `pnpm bench` (bench-results/<timestamp>/), or a JSON downloaded from the Benchmark tab; ' +
    'or drop one on this page. ablation.json (attnkit ablate) is not charted here yet: open its report.md.';
  const out = document.createElement('div');
  container.replaceChildren(picker, hint, out);

  const open = async (file: File) => {
    container.dataset.state = 'loading';
    try {
      await show(out, readResultFile(await file.text(), file.name));
      container.dataset.state = 'done';
    } catch (e) {
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = e instanceof Error ? e.message : String(e);
      out.replaceChildren(p);
      container.dataset.state = 'failed';
    }
  };
  input.addEventListener('change', () => {
    if (input.files?.[0]) void open(input.files[0]);
  });
  container.addEventListener('dragover', (e) => e.preventDefault());
  container.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (file) void open(file);
  });
}

async function show(out: HTMLElement, data: ChartData): Promise<void> {
  const source = document.createElement('p');
  source.className = 'summary';
  source.textContent = data.source;
  const charts = document.createElement('div');
  charts.className = 'charts';
  const time = document.createElement('div');
  time.dataset.chart = 'results-time';
  charts.append(time);
  const memory = document.createElement('div');
  memory.dataset.chart = 'results-memory';
  if (data.memory.length) charts.append(memory);
  const fits = document.createElement('table');
  fits.className = 'points';
  fits.innerHTML =
    '<tr><th>spec</th><th>causal</th><th>fitted exponent (time ∝ N^k)</th><th>points</th></tr>' +
    data.fits
      .map(
        (f) =>
          `<tr><td>${f.spec}</td><td>${f.causal}</td><td>${f.exponent === null ? '—' : f.exponent.toFixed(2)}</td><td>${f.points}</td></tr>`,
      )
      .join('');
  const skipped = document.createElement('details');
  skipped.innerHTML = `<summary>${data.skipped.length} skipped configurations</summary>`;
  const list = document.createElement('ul');
  for (const s of data.skipped)
    list.append(Object.assign(document.createElement('li'), { textContent: s }));
  skipped.append(list);
  out.replaceChildren(
    source,
    charts,
    ...(data.fits.length ? [fits] : []),
    ...(data.skipped.length ? [skipped] : []),
  );
  await drawLineChart(time, {
    title: 'time per forward vs N (log-log)',
    dashedMeans: 'causal',
    x: { title: 'N (tokens)', log: true },
    y: { title: 'median ms', log: true },
    points: data.time,
    width: 420,
  });
  if (data.memory.length)
    await drawLineChart(memory, {
      title: 'peak memory vs N (log-log)',
      dashedMeans: "cost()'s prediction; solid: measured",
      x: { title: 'N (tokens)', log: true },
      y: { title: 'bytes above inputs', log: true },
      points: data.memory,
      width: 420,
    });
}
