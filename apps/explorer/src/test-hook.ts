/**
 * What the browser test reads: every heatmap on the page by id, with the map it draws, its
 * colour scale and its current view, on `window.attnkitExplorer`. The test samples canvas
 * pixels and checks them against the weights the variant returned, within one LUT level.
 */
import type { ColourScale } from './colour.ts';
import type { MapSource } from './map-source.ts';

export interface HeatmapEntry {
  canvas: HTMLCanvasElement;
  map: MapSource;
  scale: ColourScale;
  /** The heatmap's group (heatmap.ts); the test reads the block in view. */
  group: { readonly view: { r0: number; r1: number; c0: number; c1: number } };
  /** What the view drew it from, e.g. the raw `weights()` result and the head. */
  extra?: unknown;
}

interface ExplorerHook {
  heatmaps: Map<string, HeatmapEntry>;
  /** Resolves when the current computation (maps, heads, benchmark) has finished drawing. */
  idle?: () => Promise<void>;
  [key: string]: unknown;
}

const w = window as unknown as { attnkitExplorer?: ExplorerHook };

export function hook(): ExplorerHook {
  w.attnkitExplorer ??= { heatmaps: new Map() };
  return w.attnkitExplorer;
}

export function registerHeatmap(id: string, entry: HeatmapEntry): void {
  hook().heatmaps.set(id, entry);
}

export function clearHeatmaps(prefix: string): void {
  for (const id of [...hook().heatmaps.keys()])
    if (id.startsWith(prefix)) hook().heatmaps.delete(id);
}
