/**
 * Checkpoints as JSON: everything a run needs to continue bit-for-bit — weights, AdamW moments,
 * the step, the curve so far — keyed by a fingerprint of the configuration so a checkpoint is
 * never resumed under another one. Float arrays travel as base64 of their bytes (exact).
 */
import { AttentionError } from '@attnkit/core';
import type { Floats } from './floats.ts';
import type { CurvePoint, Evaluation, Throughput, Trainer } from './trainer.ts';

/**
 * A run's full state as plain JSON (`JSON.stringify` it to save): `params`, `m` and `v` map each
 * parameter name to the base64 of its float bytes, so a restore is bit-exact; `fingerprint`
 * makes `restoreCheckpoint` refuse a checkpoint from another configuration.
 */
export interface Checkpoint {
  format: 'attnkit-train-checkpoint';
  version: 1;
  fingerprint: string;
  step: number;
  params: Record<string, string>;
  m: Record<string, string>;
  v: Record<string, string>;
  curve: CurvePoint[];
  evaluations: Evaluation[];
  throughput: Throughput;
}

function toBase64(a: Floats): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string, into: Floats, name: string): void {
  const bin = atob(s);
  if (bin.length !== into.byteLength)
    throw new AttentionError(
      'SHAPE_MISMATCH',
      `checkpoint ${name}`,
      `${into.byteLength} bytes`,
      `${bin.length}`,
    );
  const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
}

/** What must match for a resume: model, task and training configuration. */
export const fingerprintOf = (t: Trainer) =>
  JSON.stringify({
    model: t.model.config,
    task: { name: t.task.name, ...t.task.config },
    train: t.config,
  });

/**
 * Snapshots a trainer after its last step (weights, AdamW moments, step, curve, evaluations,
 * throughput); the arrays are copied, so training on does not change the checkpoint.
 */
export function checkpointOf(t: Trainer): Checkpoint {
  const per = (arrays: readonly Floats[]) =>
    Object.fromEntries(t.model.params.map((p, i) => [p.name, toBase64(arrays[i])]));
  return {
    format: 'attnkit-train-checkpoint',
    version: 1,
    fingerprint: fingerprintOf(t),
    step: t.step,
    params: per(t.model.params.map((p) => p.data)),
    m: per(t.optimizer.m),
    v: per(t.optimizer.v),
    curve: t.curve.slice(),
    evaluations: t.evaluations.slice(),
    throughput: { ...t.throughput },
  };
}

/** Puts a checkpoint's state into a trainer built with the same configuration. */
export function restoreCheckpoint(t: Trainer, c: Checkpoint): void {
  if (c?.format !== 'attnkit-train-checkpoint' || c.version !== 1)
    throw new AttentionError(
      'INVALID_CONFIG',
      'checkpoint',
      'an attnkit-train-checkpoint v1',
      String(c?.format),
    );
  const mine = fingerprintOf(t);
  if (c.fingerprint !== mine)
    throw new AttentionError(
      'INVALID_CONFIG',
      'checkpoint',
      `configuration ${mine}`,
      c.fingerprint,
    );
  t.model.params.forEach((p, i) => {
    fromBase64(c.params[p.name], p.data, p.name);
    fromBase64(c.m[p.name], t.optimizer.m[i], `${p.name} (m)`);
    fromBase64(c.v[p.name], t.optimizer.v[i], `${p.name} (v)`);
  });
  t.optimizer.step = c.step;
  t.curve.splice(0, t.curve.length, ...c.curve);
  t.evaluations.splice(0, t.evaluations.length, ...c.evaluations);
  Object.assign(t.throughput, c.throughput);
}
