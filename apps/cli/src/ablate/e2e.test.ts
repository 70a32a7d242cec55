/**
 * `attnkit ablate` end to end, in process on small sizes: the files it writes, what a window
 * sweep's recall says inside and beyond the window, and that two shards merged are exactly the
 * unsharded run's points.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DISTANCE_BUCKETS } from '@attnkit/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { attnkit } from '../testing/in-process.ts';
import { readAblation } from './results.ts';
import { summarize } from './summarize.ts';

const SWEEP = 'local-window:window={64,256}';
const AXES = [
  '--lengths',
  '2k',
  '--workload',
  'retrieval',
  '--seeds',
  '2',
  '--no-memory',
  '--bench-time',
  '5',
];

describe('attnkit ablate', () => {
  let whole: Awaited<ReturnType<typeof attnkit>>;
  const dir = () => path.join(whole.cwd, 'whole');
  beforeAll(async () => {
    whole = await attnkit(['ablate', SWEEP, ...AXES, '--out', 'whole']);
  }, 120_000);

  it('writes the CSV, JSON, report and charts', () => {
    expect(whole.code, whole.stderr).toBe(0);
    for (const f of [
      'ablation.json',
      'ablation.csv',
      'report.md',
      'knob-window-error-retrieval.svg',
      'pareto-error-retrieval.svg',
    ])
      expect(existsSync(path.join(dir(), f)), f).toBe(true);
    const csv = readFileSync(path.join(dir(), 'ablation.csv'), 'utf8').trim().split('\n');
    // header + 2 windows × 1 N × 1 mode × 2 seeds × 1 workload
    expect(csv).toHaveLength(1 + 4);
    expect(csv[0].split(',')).toContain('knob_window');
    const report = readFileSync(path.join(dir(), 'report.md'), 'utf8');
    expect(report).toContain('attnkit ablate');
    expect(report).toMatch(/commit [0-9a-f]{40}|commit unknown/);
    expect(report).toContain("'local-window:window={64,256}'");
    const file = readAblation(dir());
    expect(file.complete).toBe(true);
    expect(file.parts[0].provenance.machine.node).toBe(process.version);
    expect(file.baselines).toHaveLength(1);
  });

  it('window sweep: recall ≥ 0.95 well inside the window, ≤ 0.05 beyond it', () => {
    const rows = summarize(readAblation(dir()));
    let checked = 0;
    for (const r of rows) {
      const w = Number(r.knobs.window);
      DISTANCE_BUCKETS.forEach((b, x) => {
        const recall = r.recallBuckets[x];
        if (recall === null || recall === undefined) return;
        if (b.hi <= w / 2) {
          expect(recall, `window ${w}, bucket ${b.label}`).toBeGreaterThanOrEqual(0.95);
          checked++;
        } else if (b.lo >= 2 * w) {
          expect(recall, `window ${w}, bucket ${b.label}`).toBeLessThanOrEqual(0.05);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('two shards merged hold exactly the points of the unsharded run', async () => {
    const cwd = whole.cwd;
    const shard = async (i: number) =>
      attnkit(['ablate', SWEEP, ...AXES, '--shard', `${i}/2`, '--out', `s${i}`], cwd);
    const [a, b] = [await shard(1), await shard(2)];
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(readAblation(path.join(cwd, 's1')).complete).toBe(true);
    const merged = await attnkit(['ablate', 'merge', 's1', 's2', '--out', 'merged'], cwd);
    expect(merged.code, merged.stderr).toBe(0);
    const ids = (d: string) =>
      readAblation(path.join(cwd, d))
        .records.map((r) => r.id)
        .sort();
    expect(ids('merged')).toEqual(ids('whole'));
    expect(ids('s1').filter((id) => ids('s2').includes(id))).toEqual([]);
    const file = readAblation(path.join(cwd, 'merged'));
    expect(file.complete).toBe(true);
    expect(file.parts.map((p) => p.part)).toEqual(['shard 1/2', 'shard 2/2']);
    // every record's speed-up comes from its own shard's baseline
    expect(summarize(file).every((r) => r.speedup !== null)).toBe(true);
  }, 120_000);

  it('--jobs 2 runs the points in two processes: the same points, one report', async () => {
    const cwd = whole.cwd;
    const jobs = await attnkit(['ablate', SWEEP, ...AXES, '--jobs', '2', '--out', 'jobs'], cwd);
    expect(jobs.code, jobs.stderr).toBe(0);
    const file = readAblation(path.join(cwd, 'jobs'));
    expect(file.records.map((r) => r.id).sort()).toEqual(
      readAblation(dir())
        .records.map((r) => r.id)
        .sort(),
    );
    expect(file.complete).toBe(true);
    expect(file.parts.map((p) => p.part).sort()).toEqual(['job 1/2', 'job 2/2']);
    expect(existsSync(path.join(cwd, 'jobs', 'report.md'))).toBe(true);
  }, 120_000);

  it('merge refuses shards of different sweeps, and overlapping folders', async () => {
    const cwd = whole.cwd;
    const other = await attnkit(
      ['ablate', 'local-window:window=32', ...AXES, '--shard', '2/2', '--out', 'other'],
      cwd,
    );
    expect(other.code, other.stderr).toBe(0);
    const refused = await attnkit(['ablate', 'merge', 'whole', 'other', '--out', 'bad'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/another sweep/);
    const twice = await attnkit(['ablate', 'merge', 'whole', 'whole', '--out', 'bad'], cwd);
    expect(twice.code).toBe(2);
    expect(existsSync(path.join(cwd, 'bad'))).toBe(false);
  }, 120_000);

  it('usage errors: a bad range names the token; an existing folder needs --resume of the same sweep', async () => {
    const bad = await attnkit(['ablate', 'local-window:window=512..32*2', ...AXES]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('512..32*2');
    const again = await attnkit(['ablate', SWEEP, ...AXES, '--out', 'whole'], whole.cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume/);
    const other = await attnkit(
      ['ablate', 'local-window:window=32', ...AXES, '--out', 'whole', '--resume'],
      whole.cwd,
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/another sweep/);
    const task = await attnkit(['ablate', SWEEP, '--task', 'mqar']);
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/trainer/);
  });
});
