/**
 * `attnkit ablate … --task mqar` on a tiny configuration: every point × seed trains a model and
 * records held-out accuracy beside time; the summary's interval is over the seeds' accuracies;
 * the CSV and the report carry them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mean } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { attnkit } from '../testing/in-process.ts';
import { readAblation } from './results.ts';
import { summarize } from './summarize.ts';

const TINY = 'mqar:seq=16,pairs=2,vocab=16,dim=16,heads=2,layers=1,steps=20,batch=8,evalBatches=2';

describe('attnkit ablate --task mqar', () => {
  it('trains each point per seed and reports accuracy with an interval beside time', async () => {
    const r = await attnkit([
      'ablate',
      'local-window:window=2..8*4',
      '--task',
      TINY,
      '--seeds',
      '2',
      '--no-memory',
      '--bench-time',
      '5',
      '--out',
      'task',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const dir = path.join(r.cwd, 'task');
    const file = readAblation(dir);
    expect(file.options.task).toMatchObject({
      name: 'mqar',
      config: { seq: 16, steps: 20, warmup: 2 },
    });
    expect(file.records).toHaveLength(4);
    for (const rec of file.records) {
      expect(rec.failed).toBeNull();
      expect(rec.n).toBe(16);
      expect(rec.dim).toBe(8);
      expect(rec.causal).toBe(true);
      expect(rec.task?.steps).toBe(20);
      expect(rec.task?.scored).toBe(2 * 8 * 2);
      expect(rec.task?.chance).toBe(1 / 8);
      expect(rec.task?.trainMs).toBeGreaterThan(0);
      expect(rec.timing?.medianMs).toBeGreaterThan(0);
    }
    const rows = summarize(file);
    expect(rows.map((x) => x.workload)).toEqual(['task:mqar', 'task:mqar']);
    for (const row of rows) {
      const accs = file.records
        .filter((x) => x.pointId === row.pointId)
        .map((x) => x.task?.accuracy as number);
      expect(row.seeds).toBe(2);
      expect(row.accuracy?.mean).toBeCloseTo(mean(accs), 12);
      const [lo, hi] = row.accuracy?.interval ?? [];
      expect(lo).toBeLessThanOrEqual(Math.min(...accs));
      expect(hi).toBeGreaterThanOrEqual(Math.max(...accs));
    }
    const csv = readFileSync(path.join(dir, 'ablation.csv'), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const at = header.indexOf('task_accuracy');
    expect(at).toBeGreaterThan(0);
    expect(csv.slice(1).map((l) => Number(l.split(',')[at]))).toEqual(
      [...file.records].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => x.task?.accuracy),
    );
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(report).toContain('held-out accuracy (mean [95 % CI])');
    expect(report).toContain('Task *mqar*');
  }, 120_000);
});
