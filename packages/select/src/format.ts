/** The recommendation for people (a ranked table, then the reasons) and for scripts (JSON). */
import type { Recommendation } from './select.ts';
import { formatBytes, formatMs } from './units.ts';

/** A candidate's predicted quality in words: exact, or its error, reach and coverage. */
export const formatQuality = (p: Recommendation['candidates'][number]['predicted']): string => {
  if (p.exact) return 'exact';
  const parts: string[] = [];
  if (p.error !== undefined && p.error !== null) parts.push(`error ${p.error.toPrecision(2)}`);
  if (p.recall !== undefined && p.recall !== null)
    parts.push(`reach ${(100 * p.recall).toFixed(0)} %`);
  parts.push(`${(100 * p.coverage).toFixed(1)} % of pairs`);
  return parts.join(', ');
};

function describeCase(r: Recommendation): string {
  const u = r.useCase;
  const q = u.quality;
  const need =
    'exact' in q
      ? 'exact'
      : 'maxError' in q
        ? `error ≤ ${q.maxError} on ${q.workload}`
        : `distance ${q.distance} with recall ≥ ${q.recall}`;
  const budget = [
    Number.isFinite(u.memoryBudget) ? `memory ≤ ${formatBytes(u.memoryBudget)}` : '',
    Number.isFinite(u.latencyBudget) ? `latency ≤ ${formatMs(u.latencyBudget)}` : '',
  ].filter(Boolean);
  const nk = u.keyLength !== u.queryLength ? `, Nk = ${u.keyLength}` : '';
  const size =
    u.mode === 'decode' ? `one step at context ${u.keyLength}` : `N = ${u.queryLength}${nk}`;
  return `${u.mode} ${size}, B ${u.batch} × H ${u.heads} (kv ${u.kvHeads}) × D ${u.headDim}${u.causal ? ', causal' : ''}; ${[need, ...budget].join(', ')}`;
}

/** The recommendation as `attnkit select` prints it: the case, the profile, the ranked table, the families left out. */
export function formatText(r: Recommendation): string {
  const lines = [`Use case: ${describeCase(r)}`];
  const prov = r.profile.provenance;
  lines.push(
    `Profile: ${r.profile.source === 'default' ? "the shipped default (calibrated on the project's test machine: run `attnkit calibrate` for yours)" : 'given'} — ${prov.machine.cpu}, ${prov.node}, ${prov.backend}, ${prov.date.slice(0, 10)}`,
  );
  if (r.useCase.threads > 1)
    lines.push(
      `Times assume an ideal split over ${r.useCase.threads} threads (the profile times one).`,
    );
  lines.push('');
  if (!r.candidates.length) lines.push('Nothing meets this case. Nearest miss per family:');
  else {
    lines.push('  # | spec | predicted time | peak memory | quality');
    r.candidates.forEach((c, i) => {
      const ms = c.predicted.ms === null ? '?' : formatMs(c.predicted.ms);
      lines.push(
        `${String(i + 1).padStart(3)} | ${c.spec} | ${ms} | ${formatBytes(c.predicted.peakBytes)} | ${formatQuality(c.predicted)}`,
      );
    });
    if (r.excluded.length) lines.push('', 'Left out:');
  }
  for (const e of r.excluded) lines.push(`  - ${e.family}: ${e.reason}`);
  return lines.join('\n');
}

/** The `--json` shape: candidates with their predictions, excluded families with reasons. */
export function toJson(r: Recommendation) {
  return {
    useCase: r.useCase,
    profile: r.profile,
    candidates: r.candidates.map((c) => ({
      spec: c.spec,
      family: c.family,
      predicted: c.predicted,
    })),
    excluded: r.excluded.map((e) => ({
      family: e.family,
      reason: e.reason,
      spec: e.spec,
      constraints: e.violations.map((v) => v.constraint),
    })),
  };
}
