/**
 * The long hostile-input fuzz: the arbitraries of @attnkit/hostile-tests (random shapes, configs,
 * options, bias functions, extreme finite values, −0, subnormals, planted NaN/∞) thrown at every
 * variant on every backend, through forward, weights() and the decoder, CASES per variant
 * (default 10,000). Each case must end as a typed AttentionError or as output equal to its oracle;
 * the run prints counts by outcome and exits 1 on any crash, hang, NaN, wrong or silently accepted
 * output, printing each such case as a reproducible record.
 * Run: pnpm --filter @attnkit/benchmarks fuzz   (CASES=2000 SEED=7 VARIANTS=sparse,linear to vary)
 */

import { execSync } from 'node:child_process';
import type { FuzzCase } from '@attnkit/hostile-tests';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import fc from 'fast-check';
import { loadLine, machineLine } from './lib/measure.ts';

// Before the arbitraries list the backends: the relaxed-SIMD build joins js and wasm-simd on Node 20.
enableRelaxedSimd();
const { BACKENDS, caseArb, runCase, VARIANT_NAMES } = await import('@attnkit/hostile-tests');

const CASES = Number(process.env.CASES ?? 10_000);
const SEED = Number(process.env.SEED ?? 20261130);
const HANG_MS = 10_000;
const names = (process.env.VARIANTS?.split(',') ?? VARIANT_NAMES) as typeof VARIANT_NAMES;
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(`fuzz · ${machineLine()} · ${loadLine()}`);
console.log(
  `command: ${process.argv.slice(1).join(' ')} · commit ${commit} · cases ${CASES} per variant · seed ${SEED} · backends ${BACKENDS.join(', ')}`,
);

let failed = 0;
for (const name of names) {
  const counts = new Map<string, number>();
  const reached = new Map<string, number>(); // cases that ran to a compared output, by mode and backend
  const failures: { outcome: string; c: FuzzCase }[] = [];
  const started = performance.now();
  // fc.sample draws the same reproducible stream as fc.assert with this seed, without shrinking.
  for (const c of fc.sample(caseArb(name), { numRuns: CASES, seed: SEED })) {
    const t0 = performance.now();
    const outcome = runCase(c);
    const ms = performance.now() - t0;
    let key = outcome.kind === 'typed' ? `typed ${outcome.code}` : outcome.kind;
    if (ms > HANG_MS) key = 'hang';
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (key === 'ok') {
      const where = `${c.mode}/${String(c.config.backend)}`;
      reached.set(where, (reached.get(where) ?? 0) + 1);
    }
    if (key !== 'ok' && !key.startsWith('typed'))
      failures.push({ outcome: 'detail' in outcome ? `${key}: ${outcome.detail}` : key, c });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const line = [...counts].sort().map(([k, n]) => `${k} ${n}`);
  const bad = failures.length;
  failed += bad;
  console.log(
    `${name.padEnd(13)} ${CASES} cases in ${seconds} s: ${line.join(' · ')} · failures ${bad}`,
  );
  console.log(
    `${''.padEnd(13)} ok by mode/backend: ${[...reached]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(' · ')}`,
  );
  for (const f of failures.slice(0, 5)) console.log(`  ${f.outcome}\n  ${fc.stringify(f.c)}`);
}
console.log(
  failed === 0 ? 'no crash, hang, NaN, wrong or silently accepted output' : `${failed} failures`,
);
process.exitCode = failed === 0 ? 0 : 1;
