/**
 * Maps: one head's map from the variant's `weights()` beside exact attention's map and their
 * difference, on a shared view (hover, zoom) with a legend each. Sparse (CSR) maps draw only
 * their stored cells.
 */
import { differenceScale, formatValue, weightScale } from '../colour.ts';
import { HeatmapGroup } from '../heatmap.ts';
import type { MapResult } from '../map-compute.ts';
import { differenceMap, headMap } from '../map-source.ts';
import { clearHeatmaps } from '../test-hook.ts';

const SIZE = 320;

export function renderMaps(container: HTMLElement, result: MapResult, head: number): void {
  clearHeatmaps('maps-');
  const { settings: s, weights, exact } = result;
  const variantMap = headMap(weights, head);
  const exactMap = headMap(exact, head);
  const diff = differenceMap(variantMap, exactMap);
  const scale = weightScale(Math.max(variantMap.max(), exactMap.max()));
  const maxDiff = diff.max();
  const tokens = result.tokens;
  const describe = tokens
    ? (i: number, j: number) => ` · token ${tokens[i]} → ${tokens[j]}`
    : undefined;
  const group = new HeatmapGroup(variantMap.rows, variantMap.cols, SIZE, describe);
  const stored =
    weights.kind === 'csr'
      ? `CSR, ${((100 * weights.values.length) / (s.heads * s.n * s.n)).toFixed(1)}% of cells stored`
      : 'dense';
  const summary = document.createElement('p');
  summary.className = 'summary';
  summary.textContent =
    `${s.spec} · N ${s.n} · head ${head} of ${s.heads} · ${stored} · max |difference| ${formatValue(maxDiff)} · ` +
    `weights() ${result.ms.variant.toFixed(0)} ms, exact ${result.ms.exact.toFixed(0)} ms`;
  const row = document.createElement('div');
  row.className = 'maps-row';
  row.append(
    group.add('maps-variant', `${s.spec}: weights()`, variantMap, scale, { weights, head }),
    group.add('maps-exact', 'exact: full().weights', exactMap, scale, { weights: exact, head }),
    group.add('maps-diff', 'difference (variant − exact)', diff, differenceScale(maxDiff), {
      head,
    }),
  );
  const help = document.createElement('p');
  help.className = 'muted';
  help.textContent =
    'Rows are queries i, columns keys j. Hover or focus a map and use the arrows to read (i, j, weight); ' +
    'click, Enter or + zooms into a block, − zooms out, 0 or Escape resets.';
  container.replaceChildren(summary, row, help);
}
