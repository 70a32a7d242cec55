// Adds up every package's vitest JSON report into one closing line: "tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// Every workspace package with a test script (pnpm-workspace.yaml: packages/*, apps/*,
// benchmarks, examples).
const dirs = [
  ...['packages', 'apps'].flatMap((group) => readdirSync(group).map((name) => join(group, name))),
  'benchmarks',
  'examples',
];
for (const dir of dirs) {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const file = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    missing.push(dir);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  // A file that failed to load has no test results of its own: count it once.
  const brokenFiles = report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  failed += report.numFailedTests + brokenFiles;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (missing.length) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
