/**
 * What crosses between the caller's thread and a worker: the variant spec, the shared slabs of
 * q, k, v and the output, and errors coming back (typed again on this side).
 */
import { AttentionError } from '@attnkit/core';
import { isOutOfMemory, PoolWorkerError } from './errors.ts';
import type { WireSpec } from './load-variant.ts';
import type { PoolVariantSpec, SharedSlab, WireError } from './types.ts';

/** A pool spec as it travels to a worker: module as a string, export and config defaulted. */
export function wireSpec(spec: PoolVariantSpec): WireSpec {
  if (!spec || (typeof spec.module !== 'string' && !(spec.module instanceof URL))) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'pool spec.module',
      'a module URL or specifier the worker can import',
      String(spec?.module),
    );
  }
  return {
    module: String(spec.module),
    export: spec.export ?? 'default',
    config: spec.config ?? {},
  };
}

/** Where an array lives in shared memory: in place if it already does, else one copy. */
export function share(data: Float32Array): SharedSlab {
  if (data.buffer instanceof SharedArrayBuffer)
    return { buffer: data.buffer, byteOffset: data.byteOffset, length: data.length };
  const copy = new Float32Array(new SharedArrayBuffer(4 * data.length));
  copy.set(data);
  return { buffer: copy.buffer as SharedArrayBuffer, byteOffset: 0, length: data.length };
}

/** An AttentionError from the variant crosses back as itself; anything else the worker threw is typed. */
export function fromWire(e: WireError, index: number): Error {
  if (e.name === 'AttentionError' && e.code) {
    const error = new AttentionError(
      e.code as AttentionError['code'],
      e.argument ?? '',
      e.expected ?? '',
      e.received ?? '',
    );
    error.message = e.message;
    return error;
  }
  const cause = new Error(`${e.name}: ${e.message}`);
  if (e.stack) cause.stack = e.stack;
  if (isOutOfMemory(e)) return new PoolWorkerError('out-of-memory', index, e.message, cause);
  return new PoolWorkerError('threw', index, `${e.name}: ${e.message}`, cause);
}
