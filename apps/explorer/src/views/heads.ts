/**
 * Heads: a small map per head with its entropy (nats; log N is uniform attention) and mean
 * attention distance (tokens), for the variant and for exact attention, as multi-head
 * attention is usually read: some heads look locally, some broadly, some at a few tokens.
 */
import { weightScale } from '../colour.ts';
import { HeatmapGroup } from '../heatmap.ts';
import type { MapResult } from '../map-compute.ts';
import { headMap, headStats } from '../map-source.ts';
import { clearHeatmaps } from '../test-hook.ts';

const SIZE = 180;

export function renderHeads(container: HTMLElement, result: MapResult): void {
  clearHeatmaps('heads-');
  const { settings: s, weights, exact } = result;
  const grid = document.createElement('div');
  grid.className = 'heads-grid';
  for (let h = 0; h < s.heads; h++) {
    const map = headMap(weights, h);
    const stats = headStats(map);
    const exactStats = headStats(headMap(exact, h));
    const group = new HeatmapGroup(map.rows, map.cols, SIZE);
    const figure = group.add(`heads-${h}`, `head ${h}`, map, weightScale(map.max()), {
      weights,
      head: h,
    });
    const table = document.createElement('table');
    table.className = 'stats';
    table.innerHTML =
      '<tr><th></th><th>entropy</th><th>mean distance</th></tr>' +
      `<tr><td>${s.spec.split(':')[0]}</td><td>${stats.entropy.toFixed(2)}</td><td>${stats.meanDistance.toFixed(1)}</td></tr>` +
      `<tr><td>exact</td><td>${exactStats.entropy.toFixed(2)}</td><td>${exactStats.meanDistance.toFixed(1)}</td></tr>`;
    figure.append(table);
    grid.append(figure);
  }
  const note = document.createElement('p');
  note.className = 'summary';
  note.textContent =
    `${s.spec} · N ${s.n} · ${s.workload} · ${s.positional} · entropy in nats (uniform over N keys: ` +
    `${Math.log(s.n).toFixed(2)}), mean distance Σ p·|i − j| in tokens, averaged over query rows`;
  container.replaceChildren(note, grid);
}
