/**
 * Fidelity evidence for issue 18 (docs/fidelity.md): FAVOR+ error against m, mass kept and
 * recall per distance bucket at N = 16K, and mixture error at 4K / 16K / 64K next to the old
 * bench method. Run: pnpm --filter @attnkit/benchmarks fidelity [--seeds 3]
 */
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { referenceRows } from '@attnkit/core';
import { localWindow, localWindowMask } from '@attnkit/local-window';
import { makeWorkload, measureFidelity, type WorkloadName } from '@attnkit/metrics';
import { entropyThreshold, FEATURES, favorSweep } from './fidelity/favor-sweep.ts';
import { subjects } from './fidelity/specs.ts';
import { massTable, measureOne, oldMethod, pooled } from './fidelity/tables.ts';
import { machineLine } from './lib/measure.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' } } });
const SEEDS = Array.from({ length: Number(values.seeds) }, (_, s) => s + 1);
const say = (s = '') => process.stdout.write(`${s}\n`);
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {}

say(
  `command: pnpm --filter @attnkit/benchmarks fidelity --seeds ${SEEDS.length} · commit ${commit}`,
);
say(
  `machine: ${machineLine()} · backend auto · seeds ${SEEDS.join(', ')} · D = Dv = 64, B = H = 1`,
);
say(
  'error = mean per-row ‖out − ref‖/‖ref‖ on the fixed row set (64 rows, midpoints of position quantiles), float64 reference',
);

// (a) FAVOR+ against m.
const ENTROPIES = [0.995, 0.999];
for (const orthogonal of [false, true]) {
  const kind = orthogonal
    ? 'orthogonal blocks (the default)'
    : 'i.i.d. directions (orthogonal: false)';
  say(
    `\n## (a) FAVOR+ relative error against m, ${kind}, entropy workload, N = 4096, non-causal\n`,
  );
  const sweep = favorSweep(4096, ENTROPIES, SEEDS, false, orthogonal);
  say(`| entropy fraction | ${FEATURES.map((m) => `m=${m}`).join(' | ')} |`);
  say(`|---|${FEATURES.map(() => '---|').join('')}`);
  for (const entropy of ENTROPIES)
    say(
      `| ${entropy} | ${sweep.rows
        .filter((r) => r.entropy === entropy)
        .map((r) => `${r.mean.toFixed(3)} (${r.lo.toFixed(3)}–${r.hi.toFixed(3)})`)
        .join(' | ')} |`,
    );
  say('\ncells: mean over seeds (range over seeds). Fit of e(m):\n');
  for (const f of sweep.fits)
    say(
      `- entropy ${f.entropy}: log–log slope ${f.slope.toFixed(3)} (theory −0.5); c/√m with c = ${f.c.toFixed(2)}: worst miss ${(100 * f.worst).toFixed(1)} % (target ≤ 25 %)`,
    );
  say(`\n(${elapsed()})`);
}

say('\n## FAVOR+ m = 256 against the entropy of attention, N = 4096, non-causal\n');
const levels = [0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999];
const byEntropy = entropyThreshold(4096, 256, levels, SEEDS, false);
say(`| entropy fraction | ${levels.join(' | ')} |\n|---|${levels.map(() => '---|').join('')}`);
say(`| error | ${byEntropy.map((r) => r.mean.toFixed(3)).join(' | ')} |`);

say(
  '\n## local-window: mass kept against the decay length λ of the local workload, N = 4096, causal\n',
);
const decays = [2, 4, 8, 16, 32, 64, 128];
say(
  `| window | ${decays.map((d) => `λ=${d}`).join(' | ')} |\n|---|${decays.map(() => '---|').join('')}`,
);
for (const win of [64, 256]) {
  const cells = decays.map((decay) => {
    const w = makeWorkload('local', {
      queryLength: 4096,
      headDim: 64,
      causal: true,
      seed: 1,
      knob: decay,
    });
    const visible = localWindowMask(
      { queryLength: 4096, keyLength: 4096 },
      { left: win, right: win, dilation: 1 },
    );
    const out = localWindow({ window: win }).forward(w.q, w.k, w.v, { causal: true });
    const r = measureFidelity(out, w, { causal: true, mass: { kind: 'visibility', visible } });
    return r.mass!.total.toFixed(4);
  });
  say(`| ${win} | ${cells.join(' | ')} |`);
}
say(`\n(${elapsed()})`);

// (b) the table at 16K.
const N_TABLE = 16384;
const workloads: WorkloadName[] = ['mixture', 'local', 'sinks', 'induction', 'retrieval'];
say(`\n## (b) attention mass kept · recall per distance bucket, N = ${N_TABLE}, causal, seed 1\n`);
const results = [];
for (const subject of subjects())
  for (const name of workloads) {
    const { report } = measureOne(subject, name, N_TABLE, 1, true);
    results.push({ spec: subject.spec, workload: name, report });
  }
say(massTable(results, N_TABLE));
say(
  '\ncell: share of the exact attention mass in that bucket the variant keeps · recall of the planted pairs there (workloads with planted pairs). linear: overlap Σ min(p, p̂) of its weights with exact attention.',
);
say(`\n(${elapsed()})`);

// (c) mixture at 4K, 16K, 64K.
say('\n## (c) mixture workload, causal: error at N = 4K, 16K, 64K\n');
say(
  '| variant | N | mean error [95 % CI] | median | p95 | old method (rows: relRMS) |\n|---|---|---|---|---|---|',
);
for (const subject of subjects()) {
  if (subject.spec === 'local-window:window=1024') continue;
  for (const n of [4096, 16384, 65536]) {
    const reports = [];
    let old = '';
    for (const seed of SEEDS) {
      const w = makeWorkload('mixture', { queryLength: n, headDim: 64, causal: true, seed });
      const out = subject.variant.forward(w.q, w.k, w.v, { causal: true });
      reports.push(measureFidelity(out, w, { causal: true, seed }));
      if (seed === SEEDS[0]) {
        const o = oldMethod(
          out.data,
          (rows) => referenceRows(w.q, w.k, w.v, rows, { causal: true }).values,
          n,
        );
        old = `${o.rows}: ${o.relRms.toFixed(3)}`;
      }
    }
    const p = pooled(reports);
    say(
      `| ${subject.spec} | ${n} | ${p.mean.toFixed(3)} [${p.lo.toFixed(3)}, ${p.hi.toFixed(3)}] | ${p.median.toFixed(3)} | ${p.p95.toFixed(3)} | ${old} |`,
    );
  }
}
say(
  `\nrows pooled over ${SEEDS.length} seeds (64 each); interval: percentile bootstrap of the mean over those rows. (${elapsed()})`,
);
