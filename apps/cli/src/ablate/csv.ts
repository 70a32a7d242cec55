/**
 * ablation.csv, tidy: one row per point × seed × workload, one column per variable (each swept
 * knob its own column, `knob_<name>`), for pandas, R or a spreadsheet. Buckets are metrics'
 * DISTANCE_BUCKETS, labelled by their token range.
 */
import { DISTANCE_BUCKETS } from '@attnkit/metrics';
import type { AblationFile } from './results.ts';
import { baselineMs } from './summarize.ts';

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const bucketName = (label: string) => label.replace(/[–-]/g, '_').replace('≥', 'ge');

export function renderCsv(file: AblationFile): string {
  const knobNames = [...new Set(file.records.flatMap((r) => Object.keys(r.knobs)))];
  const buckets = DISTANCE_BUCKETS.map((b) => bucketName(b.label));
  const header = [
    'sweep',
    'spec',
    'family',
    ...knobNames.map((k) => `knob_${k}`),
    'n',
    'causal',
    'dim',
    'workload',
    'seed',
    'part',
    'median_ms',
    'mad_ms',
    'samples',
    'baseline_ms',
    'speedup',
    'peak_bytes',
    'error_mean',
    'error_median',
    'error_p95',
    'error_lo',
    'error_hi',
    'error_rows',
    'max_abs_error',
    'mass_total',
    'mass_topk',
    ...buckets.map((b) => `mass_${b}`),
    'recall_all',
    'recall_long',
    ...buckets.map((b) => `recall_${b}`),
    'failed',
  ];
  const peaks = new Map(
    file.records.filter((r) => r.peakBytes !== null).map((r) => [r.pointId, r.peakBytes]),
  );
  const lines = [header.join(',')];
  const records = [...file.records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of records) {
    const base = baselineMs(file.baselines, r);
    const workloads = r.workloads.length ? r.workloads : [null];
    for (const w of workloads) {
      const row = [
        r.sweep,
        r.spec,
        r.family,
        ...knobNames.map((k) => r.knobs[k]),
        r.n,
        r.causal,
        r.dim,
        w?.workload,
        r.seed,
        r.part,
        r.timing?.medianMs,
        r.timing?.madMs,
        r.timing?.samples,
        base,
        base !== null && r.timing ? base / r.timing.medianMs : null,
        peaks.get(r.pointId),
        w?.error.mean,
        w?.error.median,
        w?.error.p95,
        w?.error.interval[0],
        w?.error.interval[1],
        w?.error.rows,
        w?.maxAbsError,
        w?.mass?.total,
        w?.mass?.topK,
        ...buckets.map((_, x) => w?.mass?.buckets[x]),
        w?.recall?.all,
        w?.recall?.long,
        ...buckets.map((_, x) => w?.recall?.buckets[x]),
        r.failed,
      ];
      lines.push(row.map(cell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
