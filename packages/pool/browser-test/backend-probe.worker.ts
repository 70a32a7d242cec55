/**
 * A module worker that reports the kernel backends a Web Worker of this page can run, fastest
 * first: the first wasm one is what `getKernels('wasm')` picks in a pool worker.
 */
import { availableBackends } from '@attnkit/kernels';

(globalThis as unknown as { postMessage(names: string[]): void }).postMessage(
  availableBackends().map((k) => k.name),
);
