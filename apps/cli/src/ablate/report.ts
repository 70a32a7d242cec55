/**
 * report.md: provenance first (command, version, commit, machine, Node, backend, seeds), then per
 * sweep a table sorted by its knobs' values (32 < 128 < 512, not as text), the Pareto fronts, mass
 * kept and recall per distance bucket, and the charts.
 */
import { compareKnobValues } from '@attnkit/core';
import { DISTANCE_BUCKETS, rowSet, WORKLOADS } from '@attnkit/metrics';
import { markdownTable } from '../lib/table.ts';
import { formatN, modeLabel, sig } from './format.ts';
import { parseWorkload } from './options.ts';
import { frontIds, OBJECTIVES } from './pareto.ts';
import type { AblationFile } from './results.ts';
import { errorSlopes } from './slopes.ts';
import type { Estimate, SummaryRow } from './summarize.ts';

const withInterval = (e: Estimate | null) =>
  e === null
    ? '–'
    : e.seeds > 1
      ? `${sig(e.mean)} [${sig(e.interval[0])}, ${sig(e.interval[1])}]`
      : sig(e.mean);

/** Sorts rows by each knob in turn by value, then N, causal, workload. */
export function sortByKnobs(rows: readonly SummaryRow[], knobs: readonly string[]): SummaryRow[] {
  return [...rows].sort((a, b) => {
    for (const k of knobs) {
      const c = compareKnobValues(a.knobs[k] ?? '', b.knobs[k] ?? '');
      if (c !== 0) return c;
    }
    if (a.spec !== b.spec) return a.spec < b.spec ? -1 : 1;
    return (
      a.n - b.n ||
      Number(a.causal) - Number(b.causal) ||
      (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0)
    );
  });
}

function provenance(file: AblationFile): string {
  const lines = file.parts.map(({ part, provenance: p }) => {
    const m = p.machine;
    return [
      `- **${part}**: \`${p.command}\``,
      `  - attnkit ${p.attnkitVersion}, commit ${p.gitCommit ?? 'unknown'}${p.gitDirty ? ' (with uncommitted changes)' : ''}, started ${p.startedAt}`,
      `  - ${m.cpu}, ${m.cores} cores, ${m.platform}/${m.arch}, Node ${m.node}, backend ${m.backend}, load average ${m.loadAverage.map((x) => x.toFixed(2)).join(' ')} at start`,
    ].join('\n');
  });
  const o = file.options;
  return [
    `Sweeps: ${o.sweeps.map((s) => `\`${s}\``).join(', ')}. Lengths ${o.lengths.map(formatN).join(', ')}; ${o.causal.map(modeLabel).join(' and ')}; head dim ${o.dim}; B = H = 1.`,
    `Seeds ${o.seeds.join(', ')} (each seed re-draws the workload's inputs and the variant's random features where it has a \`seed\` knob). Fingerprint \`${file.fingerprint}\`.`,
    '',
    ...lines,
  ].join('\n');
}

function knobTables(rows: readonly SummaryRow[], fronts: Set<string>[]): string {
  const out: string[] = [];
  for (const sweep of [...new Set(rows.map((r) => r.sweep))]) {
    const own = rows.filter((r) => r.sweep === sweep);
    const knobs = [...new Set(own.flatMap((r) => Object.keys(r.knobs)))];
    const header = [
      ...(knobs.length ? knobs : ['spec']),
      'N',
      'mode',
      'workload',
      'median ms [seeds min–max]',
      'speed-up ×',
      'peak MB',
      'error (mean [95 % CI])',
      'recall ≥ N/2',
      'mass kept',
      'front',
    ];
    const body = sortByKnobs(own, knobs).map((r) => {
      const id = `${r.pointId}|${r.workload}`;
      const marks = fronts.map((f, x) => (f.has(id) ? ['E', 'R'][x] : '')).join('');
      return [
        ...(knobs.length ? knobs.map((k) => r.knobs[k] ?? '') : [r.spec]),
        formatN(r.n),
        modeLabel(r.causal),
        r.workload,
        r.medianMs === null
          ? '–'
          : `${sig(r.medianMs)} [${sig(r.spreadMs?.[0])}–${sig(r.spreadMs?.[1])}]`,
        sig(r.speedup),
        r.peakBytes === null ? '–' : sig(r.peakBytes / 2 ** 20),
        withInterval(r.error),
        withInterval(r.recallLong),
        withInterval(r.massTotal),
        marks,
      ];
    });
    out.push(`### \`${sweep}\``, '', markdownTable(header, body), '');
  }
  return out.join('\n');
}

function frontList(rows: readonly SummaryRow[], fronts: Set<string>[]): string {
  const out: string[] = [];
  const groups = [...new Set(rows.map((r) => `${r.n}|${r.causal}|${r.workload}`))];
  OBJECTIVES.forEach((objective, x) => {
    const lines = groups.flatMap((g) => {
      const members = rows
        .filter(
          (r) =>
            `${r.n}|${r.causal}|${r.workload}` === g && fronts[x].has(`${r.pointId}|${r.workload}`),
        )
        .sort((a, b) => (a.medianMs ?? 0) - (b.medianMs ?? 0));
      if (!members.length) return [];
      const [n, causal, workload] = g.split('|');
      const list = members
        .map((r) => `\`${r.spec}\` (${sig(r.medianMs)} ms, ${sig(objective.quality(r))})`)
        .join(' → ');
      return [`- N = ${formatN(Number(n))}, ${modeLabel(causal === 'true')}, ${workload}: ${list}`];
    });
    if (lines.length)
      out.push(
        `**${objective.name}** (${['E', 'R'][x]} in the tables; fastest first):`,
        '',
        ...lines,
        '',
      );
  });
  return out.join('\n');
}

function bucketTables(rows: readonly SummaryRow[]): string {
  const out: string[] = [];
  for (const workload of [...new Set(rows.map((r) => r.workload))]) {
    const own = rows.filter((r) => r.workload === workload);
    const maxN = Math.max(...own.map((r) => r.n));
    const buckets = DISTANCE_BUCKETS.map((b, x) => ({ ...b, x })).filter((b) => b.lo < maxN);
    const body = sortByKnobs(own, [...new Set(own.flatMap((r) => Object.keys(r.knobs)))]).map(
      (r) => [
        r.spec,
        formatN(r.n),
        modeLabel(r.causal),
        ...buckets.map((b) => {
          const mass = sig(r.massBuckets[b.x], 2);
          const recall = r.recallBuckets[b.x];
          return recall === null || recall === undefined ? mass : `${mass} · ${sig(recall, 2)}`;
        }),
      ],
    );
    out.push(
      `### ${workload}`,
      '',
      markdownTable(['spec', 'N', 'mode', ...buckets.map((b) => b.label)], body),
      '',
    );
  }
  return out.join('\n');
}

function slopeSection(rows: readonly SummaryRow[]): string {
  const slopes = errorSlopes(rows);
  if (!slopes.length) return '';
  const body = slopes.map((s) => [
    s.knob,
    s.series,
    s.workload,
    `${s.from}…${s.to}`,
    String(s.points),
    sig(s.slope),
    sig(s.r2, 2),
  ]);
  return [
    '## Error against knob, log–log',
    '',
    'Least-squares slope k of log(mean error) on log(knob): error ∝ knob^k over the range swept.',
    '',
    markdownTable(['knob', 'series', 'workload', 'range', 'points', 'slope k', 'r²'], body),
    '',
  ].join('\n');
}

export function renderAblationReport(
  file: AblationFile,
  rows: readonly SummaryRow[],
  charts: readonly string[],
): string {
  const fronts = OBJECTIVES.map((o) => frontIds(rows, o));
  const o = file.options;
  const failed = rows.filter((r) => r.failed.length);
  const missing = file.allPointIds.filter((id) => !rows.some((r) => r.pointId === id));
  return [
    '# attnkit ablate',
    '',
    provenance(file),
    '',
    file.complete
      ? ''
      : '**This run is not complete** (interrupted, or a shard): the tables hold what was measured.\n',
    missing.length
      ? `Points of the sweep not in this folder: ${missing.length} (other shards, or not yet run).\n`
      : '',
    '## What is measured',
    '',
    `- Time: median of each seed's tinybench median (${o.benchTime} ms per call, ≥ 3 samples), in brackets the seeds' min–max; speed-up: exact \`chunked\` at the same N and mode, timed by the same process, over it.`,
    `- Peak memory: ${o.memory ? 'resident set above the inputs, one forward in a fresh child process (first seed).' : 'not probed (--no-memory).'}`,
    `- Error: per-row relative error ‖out − ref‖ / ‖ref‖ against core's float64 reference on @attnkit/metrics' row set (${rowSet(o.lengths[0], o.causal[0]).definition}, the same definition at every N), averaged per seed; the interval is a 95 % t-interval over seeds.`,
    '- Mass kept: share of exact attention mass the variant keeps (its sparse support, or the overlap of its row weights with the exact ones); recall: planted pairs retrieved, at distance ≥ N/2 in the tables, per distance bucket below.',
    ...o.workloads.map((w) => {
      const { name, knob } = parseWorkload(w);
      const info = WORKLOADS.find((x) => x.name === name);
      const at = info?.knob ? ` (${info.knob.name} = ${knob ?? info.knob.default})` : '';
      return `- *${w}*${at}: ${info?.description ?? ''}`;
    }),
    '',
    '## Per knob',
    '',
    'Sorted by knob value. Front: E on the time–error Pareto front, R on the time–recall (≥ N/2) front, within the same N, mode and workload.',
    '',
    knobTables(rows, fronts),
    slopeSection(rows),
    '## Pareto fronts',
    '',
    frontList(rows, fronts),
    '## Mass kept · recall per distance bucket (tokens)',
    '',
    bucketTables(rows),
    charts.length ? `## Charts\n\n${charts.map((c) => `![${c}](${c})`).join('\n\n')}\n` : '',
    failed.length
      ? `## Failures\n\n${failed.map((r) => `- \`${r.spec}\` N = ${formatN(r.n)}: ${r.failed[0]}`).join('\n')}\n`
      : '',
  ].join('\n');
}
