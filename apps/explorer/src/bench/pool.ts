/**
 * The one file that imports the worker pool (`@attnkit/pool/browser`). Vite bundles the
 * pool's Web Worker entry (`?worker&url`) and the page hands it the URL of a module exporting
 * every variant definition, which each worker imports to rebuild the variant of a spec.
 */

import { parseSpec } from '@attnkit/core';
import { type AttentionPool, createBrowserPool, type PoolVariantSpec } from '@attnkit/pool/browser';
import workerUrl from '@attnkit/pool/worker-browser?worker&url';
import { DEFINITIONS } from '../variants.ts';

export type { AttentionPool };

/** The URL workers import variants from: the TypeScript source in dev, the emitted chunk when built. */
const variantModule = import.meta.env.DEV
  ? new URL('/src/bench/variant-module.ts', location.href).href
  : new URL('./variant-module.js', document.baseURI).href;

export function startPool(threads: number): AttentionPool {
  return createBrowserPool({ workerUrl: new URL(workerUrl, document.baseURI), threads });
}

/** A spec string as the pool's wire spec: the definition's export of variant-module.ts. */
export function poolSpec(spec: string): PoolVariantSpec {
  const { definition, config } = parseSpec(spec, DEFINITIONS);
  return { module: variantModule, export: exportName(definition.name), config };
}

export const exportName = (name: string): string =>
  name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
