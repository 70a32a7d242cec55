/**
 * End to end: the real CLI (`attnkit-bench`, the alias of `attnkit bench`, from its TypeScript
 * source through tsx) with --quick into a temp dir. Every default
 * spec whose package exports a definition must appear in results.json with a gate result; the
 * others must be listed as unavailable with a reason, never dropped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResults } from './results.ts';
import { DEFAULT_SPECS, hasDefinition, specName } from './variants.ts';

const BIN = fileURLToPath(new URL('../bin/attnkit-bench.ts', import.meta.url));
const SOURCE = ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx')];

describe('attnkit-bench --quick', () => {
  it('runs every default variant through its gate and writes results, report and charts', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'attnkit-quick-'));
    const run = spawnSync(process.execPath, [...SOURCE, BIN, '--quick', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(run.status, run.stderr).toBe(0);
    const results = readResults(out);
    expect(results.complete).toBe(true);
    for (const spec of DEFAULT_SPECS) {
      if (!hasDefinition(specName(spec))) {
        expect(results.unavailable.map((u) => u.spec)).toContain(spec);
        continue;
      }
      const runs = results.runs.filter((r) => r.spec === spec);
      expect(runs.length, spec).toBeGreaterThan(0);
      expect(new Set(runs.map((r) => r.causal))).toEqual(new Set([false, true]));
      for (const r of runs.filter((x) => !x.skipped)) {
        expect(r.gate, `${r.key} gate`).not.toBeNull();
        if (r.exact) expect(r.gate?.passed, r.key).toBe(true);
        // Quality on every quality workload (random is for timing only).
        if (r.workload === 'random') expect(r.quality).toBeNull();
        else expect(r.quality?.error.interval, r.key).toHaveLength(2);
      }
    }
    for (const file of [
      'report.md',
      'time-vs-n.svg',
      'memory-vs-n.svg',
      'error-vs-time.svg',
      'recall-vs-distance.svg',
    ])
      expect(existsSync(path.join(out, file)), file).toBe(true);
    expect(readFileSync(path.join(out, 'time-vs-n.svg'), 'utf8')).toMatch(/^<svg/);
    expect(run.stdout).toContain('| spec');
  }, 120_000);
});
