import { AttentionError } from '@attnkit/core';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { type RawAblateFlags, resolveAblateOptions } from './options.ts';
import { planPoints, planTasks, sharePoints, sweepFingerprint } from './plan.ts';

const FLAGS: RawAblateFlags = {
  lengths: '1k,4k',
  causal: 'both',
  dim: 64,
  workload: 'retrieval,local',
  seeds: 3,
  backend: 'auto',
  relaxedSimd: true,
  benchTime: 200,
  memory: true,
  jobs: 1,
  resume: false,
  json: false,
};

const SWEEPS = ['local-window:window=32..128*2', 'linear:featureMap=favor,features={64,256}'];

describe('ablate plan', () => {
  const options = resolveAblateOptions(SWEEPS, FLAGS);
  const points = planPoints(options);

  it('expands every sweep × N × causal, ids unique, knobs kept', () => {
    expect(points).toHaveLength((3 + 2) * 2 * 2);
    expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
    expect(points[0]).toMatchObject({
      spec: 'local-window:window=32',
      family: 'local-window',
      knobs: { window: '32' },
      n: 1024,
      causal: false,
    });
    expect(points.filter((p) => p.family === 'linear').map((p) => p.knobs.features)).toContain(
      '256',
    );
  });

  it('shards partition the points: disjoint, together all of them, in the same order', () => {
    for (const count of [2, 3, 7]) {
      const shares = Array.from({ length: count }, (_, i) =>
        sharePoints(points, { index: i + 1, count }),
      );
      const ids = shares.flat().map((p) => p.id);
      expect(new Set(ids).size).toBe(points.length);
      expect(ids.sort()).toEqual(points.map((p) => p.id).sort());
    }
  });

  it('tasks: one per point × seed, the baselines each N and mode needs, memory probed once per point', () => {
    const { baselines, tasks } = planTasks(points, options.seeds);
    expect(tasks).toHaveLength(points.length * 3);
    expect(baselines.map((b) => b.id).sort()).toEqual(
      [
        'chunked|n=1024|full',
        'chunked|n=1024|causal',
        'chunked|n=4096|full',
        'chunked|n=4096|causal',
      ]
        .map((s) => `baseline:${s}|d=64`)
        .sort(),
    );
    expect(tasks.filter((t) => t.probe)).toHaveLength(points.length);
  });

  it('the fingerprint names the sweep, not the share or the output', () => {
    const f = sweepFingerprint(options);
    expect(
      sweepFingerprint({
        ...options,
        shard: { index: 2, count: 4 },
        out: 'x',
        jobs: 2,
        resume: true,
      }),
    ).toBe(f);
    expect(sweepFingerprint(resolveAblateOptions([SWEEPS[0]], FLAGS))).not.toBe(f);
    expect(sweepFingerprint(resolveAblateOptions(SWEEPS, { ...FLAGS, seeds: 2 }))).not.toBe(f);
  });

  it('a bad range is a typed error naming the token', () => {
    const bad = () => planPoints(resolveAblateOptions(['local-window:window=512..32*2'], FLAGS));
    expect(bad).toThrow(AttentionError);
    expect(bad).toThrow(/512\.\.32\*2/);
  });

  it('flags: shard i/n, workloads and --task are checked', () => {
    expect(resolveAblateOptions(SWEEPS, { ...FLAGS, shard: '2/3' }).shard).toEqual({
      index: 2,
      count: 3,
    });
    for (const shard of ['0/2', '3/2', 'a/b', '1'])
      expect(() => resolveAblateOptions(SWEEPS, { ...FLAGS, shard })).toThrow(InvalidArgumentError);
    expect(() => resolveAblateOptions(SWEEPS, { ...FLAGS, workload: 'nope' })).toThrow(
      /--workload nope/,
    );
    expect(() => resolveAblateOptions(SWEEPS, { ...FLAGS, task: 'mqar' })).toThrow(/trainer/);
    expect(resolveAblateOptions(SWEEPS, FLAGS).seeds).toEqual([1, 2, 3]);
  });
});
