/** Runs calibrate() on this machine and writes the shipped default profile, provenance included. */
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import { calibrate } from '../src/calibrate/calibrate.ts';
import { metricsMeasureQuality } from '../src/calibrate/metrics-quality.ts';

enableRelaxedSimd();
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const commit = execSync('git rev-parse HEAD').toString().trim();
// Twice calibrate's default budget: the shipped profile's fidelity table is measured in full.
const profile = await calibrate({
  budgetMs: 120_000,
  command: 'pnpm --filter @attnkit/select calibrate:default',
  attnkitVersion: `@attnkit/select ${pkg.version}`,
  commit,
  measureQuality: metricsMeasureQuality,
  onProgress: (m) => console.error(m),
});
const file = new URL('../src/profile/default-profile.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
console.error(`wrote ${file.pathname}`);
