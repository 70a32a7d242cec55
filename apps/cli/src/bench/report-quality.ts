/**
 * The quality part of report.md, from results.json alone: what each workload measures, per-row
 * error with its interval at every N (one row-set definition), and attention mass kept · recall
 * per distance bucket.
 */
import { markdownTable as table } from '../lib/table.ts';
import { fmtN } from './format.ts';
import { primaryQualityWorkload } from './options.ts';
import type { Results, RunRecord } from './results.ts';

/** The workload of the headline quality figure: mixture when run, else the first quality one. */
export const primaryWorkload = (results: Results) =>
  primaryQualityWorkload(results.options.workloads);

export const fmtQ = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x)
    ? '—'
    : !Number.isFinite(x)
      ? String(x)
      : x === 0
        ? '0'
        : Math.abs(x) < 1e-3
          ? x.toExponential(1)
          : x.toFixed(3);

/** "0.283 [0.230, 0.337]": the mean per-row error and its 95 % bootstrap interval. */
export const errorWithInterval = (r: RunRecord | undefined) =>
  r?.quality
    ? `${fmtQ(r.quality.error.mean)} [${fmtQ(r.quality.error.interval[0])}, ${fmtQ(r.quality.error.interval[1])}]`
    : '—';

export const qualityRun = (results: Results, r: RunRecord, workload: string | null) =>
  workload === null
    ? undefined
    : results.runs.find(
        (x) =>
          x.workload === workload &&
          x.spec === r.spec &&
          x.n === r.n &&
          x.causal === r.causal &&
          x.quality,
      );

const order = (a: RunRecord, b: RunRecord) =>
  Number(a.causal) - Number(b.causal) || a.spec.localeCompare(b.spec) || a.n - b.n;

function workloadsSection(results: Results): string[] {
  return (results.workloads ?? []).map(
    (w) =>
      `- \`${w.name}\`${w.knob ? ` (${w.knob.name} = ${w.knob.value} ${w.knob.unit})` : ''}: ${w.description}`,
  );
}

function errorTable(runs: RunRecord[]): string {
  return table(
    [
      'spec',
      'N',
      'causal',
      'error mean [95 % CI]',
      'median',
      'p95',
      'mass kept',
      'top-32 mass',
      'recall',
    ],
    runs.map((r) => {
      const q = r.quality as NonNullable<RunRecord['quality']>;
      return [
        r.spec,
        `${fmtN(r.n)}${r.skipped ? ' (untimed)' : ''}`,
        r.causal ? 'yes' : 'no',
        errorWithInterval(r),
        fmtQ(q.error.median),
        fmtQ(q.error.p95),
        q.mass ? fmtQ(q.mass.total) : q.massFrom.startsWith('exact') ? '1 (exact)' : '—',
        q.mass ? fmtQ(q.mass.topK) : q.massFrom.startsWith('exact') ? '1 (exact)' : '—',
        fmtQ(q.recall?.all),
      ];
    }),
  );
}

function bucketTable(runs: RunRecord[]): string {
  const labels = runs[0]?.quality?.mass?.buckets.map((b) => b.label) ?? [];
  return table(
    ['spec', 'N', 'causal', ...labels],
    runs.map((r) => {
      const q = r.quality as NonNullable<RunRecord['quality']>;
      return [
        r.spec,
        fmtN(r.n),
        r.causal ? 'yes' : 'no',
        ...labels.map((label, x) => {
          const bucket = q.mass?.buckets[x];
          if (bucket && bucket.all === null) return '';
          const recall = q.recall?.buckets.find((b) => b.label === label);
          const mass = bucket ? fmtQ(bucket.all) : '—';
          return recall && recall.pairs > 0 ? `${mass} · ${fmtQ(recall.recall)}` : mass;
        }),
      ];
    }),
  );
}

export function qualitySections(results: Results): string[] {
  const parts: string[] = ['## Workloads', '', ...workloadsSection(results), ''];
  const withQuality = results.runs.filter((r) => r.quality && !r.failed).sort(order);
  if (withQuality.length === 0) return parts;
  const rowSet = withQuality[0].quality?.rowSet ?? '';
  parts.push(
    '## Quality against exact attention',
    '',
    `Error of a row: ‖out − ref‖₂ / ‖ref‖₂ against core's float64 reference, on the same row set at every N (${rowSet}; @attnkit/metrics rowSet), each row counted once: mean with its 95 % bootstrap interval, median and p95. Mass kept: the share of exact attention mass the variant keeps (visible keys of a masked variant, overlap Σ min(p, p̂) for linear; exact attention keeps 1). Recall: planted pairs whose output is nearest their planted value. "(untimed)": the time budget skipped timing at that N; quality of the headline workload (${primaryWorkload(results)}) is measured at 4K, 16K and 64K whatever the time budget decided.`,
    '',
  );
  for (const w of results.options.workloads.filter((x) => x !== 'random')) {
    const runs = withQuality.filter((r) => r.workload === w);
    if (runs.length) parts.push(`### ${w}`, '', errorTable(runs), '');
  }
  const approx = withQuality.filter((r) => r.quality?.mass);
  if (approx.length) {
    parts.push(
      '## Attention mass kept · recall per distance bucket',
      '',
      'Approximate specs (exact attention keeps 1 everywhere). Cell: share of the exact attention mass at that query–key distance the variant keeps · recall of the planted pairs there (when the bucket has any); empty: no exact mass there (the bucket lies beyond N).',
      '',
    );
    for (const w of results.options.workloads.filter((x) => x !== 'random')) {
      const runs = approx.filter((r) => r.workload === w);
      if (runs.length) parts.push(`### ${w}`, '', bucketTable(runs), '');
    }
  }
  return parts;
}
