/**
 * report.md and the terminal table, generated from results.json alone: the main table (time,
 * GFLOP/s, measured vs predicted peak, gate, error on the mixture, recall), the workloads and
 * quality tables (report-quality.ts), skips and failures with their reasons, fits and
 * crossovers, and a plain-language reading of the numbers.
 */

import { markdownTable as table } from '../lib/table.ts';
import type { Crossover } from './crossover.ts';
import { fmtMB, fmtMs, fmtN, fmtNum, fmtPct } from './format.ts';
import {
  errorWithInterval,
  primaryWorkload,
  qualityRun,
  qualitySections,
} from './report-quality.ts';
import type { Results, RunRecord } from './results.ts';

const causalText = (c: boolean) => (c ? 'causal' : 'non-causal');

function gateText(r: RunRecord): string {
  if (!r.gate) return '—';
  if (r.gate.passed === null) return 'approx.';
  return r.gate.passed ? `pass${r.gate.n !== r.n ? ` @${fmtN(r.gate.n)}` : ''}` : 'FAIL';
}

/** The retrieval run matching a timed run, for its recall at distance ≥ N/2. */
const recallFor = (results: Results, r: RunRecord) =>
  qualityRun(results, r, 'retrieval')?.quality?.recall?.long ?? null;

export function mainRows(results: Results): string[][] {
  const first = results.options.workloads[0];
  return results.runs
    .filter((r) => r.workload === first && !r.skipped)
    .sort(
      (a, b) => Number(a.causal) - Number(b.causal) || a.spec.localeCompare(b.spec) || a.n - b.n,
    )
    .map((r) => [
      r.spec,
      fmtN(r.n),
      r.causal ? 'yes' : 'no',
      fmtMs(r.medianMs),
      r.madMs === null ? '—' : `±${fmtMs(r.madMs)}`,
      fmtNum(r.gflops),
      fmtMB(r.peakBytes),
      fmtMB(r.predictedPeakBytes),
      r.failed ? `FAIL` : gateText(r),
      errorWithInterval(qualityRun(results, r, primaryWorkload(results))),
      fmtPct(recallFor(results, r)),
    ]);
}

export const MAIN_HEADER = [
  'spec',
  'N',
  'causal',
  'median ms',
  'spread',
  'GFLOP/s',
  'peak MB',
  'cost() MB',
  'gate',
  'error [95 % CI]',
  'recall ≥N/2',
];

const crossText = (c: Crossover | null) => {
  if (!c) return '—';
  if (c.basis === 'none')
    return `not reached${c.ratioAtLargest !== null ? ` (${c.ratioAtLargest.toFixed(2)}× its time at ${fmtN(c.largestCommonN as number)})` : ''}`;
  if (c.basis === 'below-range') return `≤ ${fmtN(c.n as number)} (faster at every common N)`;
  return `≈ ${c.n} (${c.basis})`;
};

export function fitsTable(results: Results): string {
  return table(
    [
      'spec',
      'causal',
      'time ∝ N^k',
      'r²',
      'points',
      'N range',
      'crossover vs full',
      'crossover vs chunked',
    ],
    results.fits.map((f) => [
      f.spec,
      f.causal ? 'yes' : 'no',
      f.exponent === null ? '—' : f.exponent.toFixed(2),
      fmtNum(f.r2, 3),
      String(f.points),
      f.nMin === null ? '—' : `${fmtN(f.nMin)}–${fmtN(f.nMax as number)}`,
      f.subQuadratic ? crossText(f.crossover.full) : 'quadratic',
      f.subQuadratic ? crossText(f.crossover.chunked) : 'quadratic',
    ]),
  );
}

/** Sentences read off the numbers: speed-ups at the largest common N, recall, memory, fits. */
export function reading(results: Results): string[] {
  const out: string[] = [];
  const first = results.options.workloads[0];
  const timedRuns = results.runs.filter((r) => r.workload === first && r.medianMs !== null);
  for (const causal of results.options.causal) {
    const runs = timedRuns.filter((r) => r.causal === causal);
    const baseline = ['chunked', 'full'].find((b) => runs.some((r) => r.spec === b));
    if (!baseline) continue;
    const base = runs.filter((r) => r.spec === baseline);
    for (const fit of results.fits.filter((f) => f.causal === causal && f.subQuadratic)) {
      const mine = runs.filter((r) => r.spec === fit.spec);
      const both = mine.filter((r) => base.some((b) => b.n === r.n)).sort((a, b) => b.n - a.n)[0];
      if (!both) continue;
      const b = base.find((x) => x.n === both.n) as RunRecord;
      const ratio = (b.medianMs as number) / (both.medianMs as number);
      const recall = recallFor(results, both);
      const speed =
        ratio >= 1 ? `${ratio.toFixed(1)}× faster than` : `${(1 / ratio).toFixed(1)}× slower than`;
      let s = `At N = ${both.n} (${causalText(causal)}), ${fit.spec} is ${speed} ${baseline} exact`;
      if (recall !== null)
        s += ` and recalls ${fmtPct(recall)} of the planted dependencies at distance ≥ N/2`;
      const errors = results.runs
        .filter((r) => r.spec === fit.spec && r.n === both.n && r.causal === causal && r.quality)
        .map((r) => `${errorWithInterval(r)} (${r.workload})`);
      if (errors.length)
        s += `; its mean per-row error against exact attention is ${errors.join(', ')}`;
      out.push(`${s}.`);
    }
    for (const fit of results.fits.filter((f) => f.causal === causal && f.subQuadratic))
      for (const [against, c] of Object.entries(fit.crossover)) {
        if (!c || c.n === null) continue;
        const where =
          c.basis === 'below-range'
            ? `already at the shortest common length, N = ${c.n}`
            : c.basis === 'measured'
              ? `from N ≈ ${c.n} (between measured lengths)`
              : `from N ≈ ${c.n} (extrapolated from the fits, beyond the measured range)`;
        out.push(`${fit.spec} becomes faster than ${against} (${causalText(causal)}) ${where}.`);
      }
  }
  const largest = new Map<string, RunRecord>();
  for (const r of timedRuns) if ((largest.get(r.spec)?.n ?? 0) < r.n) largest.set(r.spec, r);
  const reach = [...largest.values()].map(
    (r) => `${r.spec} ${fmtN(r.n)} (${fmtMs(r.medianMs)} ms)`,
  );
  if (reach.length)
    out.push(
      `Longest sequence each spec ran within the ${results.options.timeBudget} s budget: ${reach.join(', ')}.`,
    );
  const peaks = timedRuns.filter((r) => r.peakBytes !== null && !r.causal);
  const counts = new Map<number, number>();
  for (const r of peaks) counts.set(r.n, (counts.get(r.n) ?? 0) + 1);
  const nPeak = Math.max(0, ...[...counts].filter(([, c]) => c > 1).map(([n]) => n));
  const atPeak = peaks
    .filter((r) => r.n === nPeak)
    .sort((a, b) => (a.peakBytes as number) - (b.peakBytes as number));
  if (atPeak.length > 1)
    out.push(
      `Measured peak memory above the inputs at N = ${nPeak} (non-causal): ${atPeak.map((r) => `${r.spec} ${fmtMB(r.peakBytes)} MB (cost() ${fmtMB(r.predictedPeakBytes)})`).join(', ')}.`,
    );
  for (const f of results.fits.filter((x) => x.exponent !== null && !x.causal))
    out.push(
      `${f.spec}: time grows as N^${(f.exponent as number).toFixed(2)} (non-causal, r² ${fmtNum(f.r2, 3)}).`,
    );
  const failed = results.runs.filter((r) => r.failed);
  if (failed.length) out.push(`${failed.length} configuration(s) failed: see "Failed" below.`);
  return out;
}

function loadLine(load: number[] | undefined, cores: number): string {
  if (!load) return '';
  const busy = load[0] > cores * 0.5;
  return `Load average at the start: ${load.map((x) => x.toFixed(2)).join(' / ')} (1 / 5 / 15 min) on ${cores} cores${busy ? ': other processes were competing for the CPU, so absolute times are inflated and noisy; compare ratios within this run' : ''}.`;
}

/** How the relaxed-SIMD build came to run (or not), for the header; old results say nothing. */
function relaxedNote(status: string | undefined): string {
  if (status === 'flag')
    return " (relaxed SIMD through V8's --experimental-wasm-relaxed-simd, Node 20)";
  if (status === 'off') return ' (--no-relaxed-simd)';
  return '';
}

export function renderReport(results: Results, charts: string[]): string {
  const m = results.machine;
  const o = results.options;
  const parts: string[] = [];
  parts.push('# attnkit-bench report', '');
  parts.push(
    `${m.cpu} · ${m.cores} cores · Node ${m.node} · ${m.platform} ${m.arch} · backend ${m.backend}${relaxedNote(m.relaxedSimd)} · threads ${m.threads}${m.threads > 1 ? ' (worker pool)' : ' (single-threaded forward)'}`,
    '',
    loadLine(m.loadAverage, m.cores),
    '',
    `B = ${o.batch}, H = ${o.heads}, Hkv = ${o.kvHeads}, D = ${o.dim}, fp32 · workloads ${o.workloads.join(', ')} · time budget ${o.timeBudget} s per forward · memory budget ${fmtMB(o.memoryBudget)} MB · started ${results.startedAt}${results.complete ? '' : ' · INCOMPLETE (interrupted; --resume continues it)'}`,
    '',
  );
  parts.push('## Reading', '', ...reading(results).map((s) => `- ${s}`), '');
  parts.push(
    '## Time, memory, gate',
    '',
    `Times are tinybench medians (spread: median absolute deviation) on the ${o.workloads[0]} workload; GFLOP/s counts the useful (unmasked) work of cost(). Peak MB is measured in a fresh child process above its inputs; cost() MB is the prediction. Gate: exact specs must match within 2e-5 (\`@N\`: gated at a smaller N), approx. = approximate, error recorded. Error: mean per-row error against exact attention on the ${primaryWorkload(results) ?? '(no quality workload)'} workload with its 95 % interval; recall ≥N/2 on retrieval.`,
    '',
    table(MAIN_HEADER, mainRows(results)),
    '',
  );
  parts.push('## Fits and crossovers', '', fitsTable(results), '');
  parts.push(...qualitySections(results));
  const skipped = results.runs.filter((r) => r.skipped);
  parts.push('## Skipped', '');
  parts.push(
    skipped.length
      ? table(
          ['spec', 'N', 'causal', 'workload', 'reason (prediction)', 'quality'],
          skipped.map((r) => [
            r.spec,
            fmtN(r.n),
            r.causal ? 'yes' : 'no',
            r.workload,
            r.skipped as string,
            r.quality ? 'measured' : '—',
          ]),
        )
      : 'Nothing was skipped.',
    '',
  );
  const failed = results.runs.filter((r) => r.failed);
  if (failed.length)
    parts.push(
      '## Failed',
      '',
      table(
        ['spec', 'N', 'causal', 'workload', 'why'],
        failed.map((r) => [
          r.spec,
          fmtN(r.n),
          r.causal ? 'yes' : 'no',
          r.workload,
          r.failed as string,
        ]),
      ),
      '',
    );
  const notes = results.runs.flatMap((r) =>
    r.notes
      .filter((n) => !n.startsWith('time and peak memory measured'))
      .map((n) => [r.spec, fmtN(r.n), r.causal ? 'yes' : 'no', r.workload, n]),
  );
  if (notes.length)
    parts.push('## Notes', '', table(['spec', 'N', 'causal', 'workload', 'note'], notes), '');
  const unavailable = results.unavailable ?? [];
  if (unavailable.length || results.peers.length) {
    parts.push('## Not run', '');
    for (const u of unavailable) parts.push(`- \`${u.spec}\`: ${u.reason}`);
    for (const p of results.peers)
      parts.push(
        p.available
          ? `- peer ${p.name} ${p.version}: ran (${JSON.stringify(p.settings)})`
          : `- peer ${p.name}: unavailable (${p.reason})`,
      );
    parts.push('');
  }
  if (charts.length) parts.push('## Charts', '', ...charts.map((c) => `![${c}](${c})`), '');
  return parts.join('\n');
}

/** The table printed at the end of a run. */
export function terminalTable(results: Results): string {
  return table(MAIN_HEADER, mainRows(results));
}
