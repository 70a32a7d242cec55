/**
 * (b) variant × workload × distance bucket → attention mass kept and recall at one N, and
 * (c) error on the mixture at several N with intervals, plus the old bench method beside it.
 */
import {
  DISTANCE_BUCKETS,
  type FidelityReport,
  flatRows,
  makeWorkload,
  measureFidelity,
  rowSet,
  summarize,
  type WorkloadName,
} from '@attnkit/metrics';
import type { Subject } from './specs.ts';

const HEAD_DIM = 64;

export function measureOne(
  subject: Subject,
  name: WorkloadName,
  n: number,
  seed: number,
  causal: boolean,
) {
  const w = makeWorkload(name, { queryLength: n, headDim: HEAD_DIM, causal, seed });
  const out = subject.variant.forward(w.q, w.k, w.v, { causal });
  const rows = Int32Array.from(
    new Set([...flatRows(rowSet(n, causal), 1), ...(w.planted?.query ?? [])]),
  );
  return {
    w,
    out,
    report: measureFidelity(out, w, { causal, mass: subject.mass(w, causal, rows), seed }),
  };
}

const pct = (x: number | null) =>
  x === null ? '–' : x >= 0.9995 ? '1' : x.toFixed(3).replace(/^0/, '');

/** Markdown: one line per (variant, workload), a "mass · recall" cell per bucket up to N. */
export function massTable(
  results: { spec: string; workload: string; report: FidelityReport }[],
  n: number,
) {
  const buckets = DISTANCE_BUCKETS.filter((b) => b.lo < n);
  const head = `| variant | workload | error (mean) | top-32 mass | ${buckets.map((b) => b.label).join(' | ')} |`;
  const lines = [head, `|${'---|'.repeat(4 + buckets.length)}`];
  for (const { spec, workload, report } of results) {
    const cells = buckets.map((_, x) => {
      const mass = report.mass?.buckets[x];
      const recall = report.recall?.buckets[x];
      const r = recall && recall.pairs > 0 ? ` · ${pct(recall.recall)}` : '';
      return `${pct(mass?.all ?? null)}${r}`;
    });
    lines.push(
      `| ${spec} | ${workload} | ${report.relativeError.mean.toFixed(3)} | ${pct(report.mass?.topK ?? null)} | ${cells.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The bench's figure before this change: relative RMS pooled over elements of a row sample
 * that shrinks with N (64 rows at 4K, 16 at 16K, 8 at 64K for D = Dv = 64) and includes row 0.
 */
export function oldMethod(out: Float32Array, ref: (rows: Int32Array) => Float64Array, n: number) {
  const count = Math.max(8, Math.min(64, Math.floor(2 ** 25 / (n * 2 * HEAD_DIM))));
  const rows = Int32Array.from(
    new Set(Array.from({ length: count }, (_, s) => Math.round((s * (n - 1)) / (count - 1)))),
  );
  const values = ref(rows);
  let e2 = 0;
  let r2 = 0;
  rows.forEach((r, s) => {
    for (let t = 0; t < HEAD_DIM; t++) {
      e2 += (out[r * HEAD_DIM + t] - values[s * HEAD_DIM + t]) ** 2;
      r2 += values[s * HEAD_DIM + t] ** 2;
    }
  });
  return { rows: rows.length, relRms: Math.sqrt(e2 / r2) };
}

/** Mean per-row error over every seed's rows, with a bootstrap interval over those rows. */
export function pooled(reports: FidelityReport[]) {
  const all = reports.flatMap((r) => Array.from(r.rowErrors));
  const s = summarize(all, 1);
  return {
    rows: all.length,
    mean: s.mean,
    lo: s.interval[0],
    hi: s.interval[1],
    median: s.median,
    p95: s.p95,
    seeds: reports.length,
  };
}
