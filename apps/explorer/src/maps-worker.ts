/**
 * Computes maps off the page's thread: exact attention's map comes from `full().weights`, which
 * reads the map by attending to the identity (O(N³·H) work: tens of seconds at N = 4096), and
 * the page must stay usable meanwhile. The page terminates the worker when a newer edit
 * supersedes a computation still running.
 */
import { computeMaps, type MapResult, type MapSettings } from './map-compute.ts';

export type MapsReply = { result: MapResult } | { error: string };

const scope = globalThis as unknown as {
  onmessage: (event: { data: MapSettings }) => void;
  postMessage(message: MapsReply, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  try {
    const result = computeMaps(event.data);
    const buffers = [result.weights, result.exact].flatMap((w) =>
      w.kind === 'dense' ? [w.data.buffer] : [w.rowPtr.buffer, w.colIdx.buffer, w.values.buffer],
    );
    scope.postMessage({ result }, buffers as Transferable[]);
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) }, []);
  }
};
