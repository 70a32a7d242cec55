/**
 * Rebuilds a variant from its spec by importing the module that defines it, so the pool never
 * imports a variant package itself (data flows core ← kernels ← variants ← pool). Runs in the main
 * thread (to read traits and validate) and in each worker; both cache by spec.
 */
import { AttentionError, type AttentionVariant, describe } from '@attnkit/core';
import type { TaskMessage } from './types.ts';

export type WireSpec = TaskMessage['spec'];

const cache = new Map<string, Promise<AttentionVariant>>();

export function loadVariant(spec: WireSpec): Promise<AttentionVariant> {
  const key = JSON.stringify(spec);
  let variant = cache.get(key);
  if (!variant) {
    variant = build(spec);
    cache.set(key, variant);
    // A failed import may succeed later (a file being written): do not cache failures.
    variant.catch(() => cache.delete(key));
  }
  return variant;
}

async function build(spec: WireSpec): Promise<AttentionVariant> {
  const mod = (await import(/* @vite-ignore */ spec.module)) as Record<string, unknown>;
  const found = mod[spec.export];
  const factory =
    typeof found === 'function'
      ? (found as (config: Record<string, unknown>) => AttentionVariant)
      : found && typeof (found as { create?: unknown }).create === 'function'
        ? (config: Record<string, unknown>) =>
            (found as { create(c: Record<string, unknown>): AttentionVariant }).create(config)
        : null;
  if (!factory) {
    throw new AttentionError(
      'INVALID_CONFIG',
      `pool spec export "${spec.export}" of ${spec.module}`,
      'a variant factory or a VariantDefinition',
      describe(found),
    );
  }
  const variant = factory(spec.config);
  if (!variant || typeof variant.forward !== 'function') {
    throw new AttentionError(
      'INVALID_CONFIG',
      `pool spec export "${spec.export}" of ${spec.module}`,
      'a factory returning an AttentionVariant',
      describe(variant),
    );
  }
  return variant;
}
