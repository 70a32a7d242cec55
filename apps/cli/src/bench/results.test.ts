import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { MainIo } from '../io.ts';
import { run } from '../program.ts';
import { readResults, runKey, SCHEMA_VERSION, validateResults, writeResults } from './results.ts';

const sink = () =>
  Object.assign(
    new Writable({
      write(_chunk, _enc, done) {
        done();
      },
    }),
    { isTTY: false },
  ) as unknown as NodeJS.WriteStream;

const io = (cwd: string) => ({ stdout: sink(), stderr: sink(), cwd });
const main = (argv: string[], out: MainIo) => run(['bench', ...argv], out);

const tiny = ['--variants', 'full', 'chunked', '--lengths', '64,128', '--workload', 'random'];

describe('results.json: schema, resume', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attnkit-bench-'));

  it('a run writes a valid, complete results.json with every field readers rely on', async () => {
    expect(await main([...tiny, '--causal', 'off', '--out', dir], io(dir))).toBe(0);
    const results = readResults(dir);
    expect(results.version).toBe(SCHEMA_VERSION);
    expect(results.complete).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.runs.map((r) => r.key).sort()).toEqual(
      ['chunked', 'full']
        .flatMap((s) => [64, 128].map((n) => runKey(s, n, false, 'random')))
        .sort(),
    );
    for (const r of results.runs) {
      expect(r.gate?.passed).toBe(true);
      expect(r.medianMs).toBeGreaterThan(0);
      expect(r.peakBytes).not.toBeNull();
      expect(r.skipped).toBeNull();
    }
    expect(results.fits.map((f) => f.spec).sort()).toEqual(['chunked', 'full']);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain('## Fits and crossovers');
  }, 60_000);

  it('--resume keeps recorded configurations and runs only the missing ones', async () => {
    const results = readResults(dir);
    const dropped = results.runs.pop();
    results.runs[0].notes.push('recorded before the interruption');
    results.complete = false;
    writeResults(dir, results);
    expect(await main(['--resume', '--out', dir], io(dir))).toBe(0);
    const resumed = readResults(dir);
    expect(resumed.complete).toBe(true);
    expect(resumed.runs.length).toBe(4);
    expect(resumed.runs[0].notes).toContain('recorded before the interruption');
    expect(resumed.runs.some((r) => r.key === dropped?.key)).toBe(true);
  }, 60_000);

  it('refuses files that break the schema', () => {
    const good = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(() => validateResults(good)).not.toThrow();
    expect(() => validateResults({ ...good, version: 99 })).toThrow(/version 99/);
    expect(() => validateResults({ ...good, schema: 'x' })).toThrow(/schema/);
    expect(() => validateResults({ ...good, version: 1 })).toThrow(/version 1, this app reads 2/);
    const noQuality = structuredClone(good);
    delete noQuality.runs[0].quality;
    expect(() => validateResults(noQuality)).toThrow(/runs\[0\] lacks quality/);
    const badKey = structuredClone(good);
    badKey.runs[0].n = 7;
    expect(() => validateResults(badKey)).toThrow(/key does not match/);
  });

  it('keeps non-finite numbers readable instead of dropping them to null', () => {
    const results = readResults(dir);
    results.runs[0].predictedMs = Number.POSITIVE_INFINITY;
    const other = mkdtempSync(path.join(os.tmpdir(), 'attnkit-bench-'));
    writeResults(other, results);
    expect(readFileSync(path.join(other, 'results.json'), 'utf8')).toContain(
      '"predictedMs": "Infinity"',
    );
  });

  it('--resume without a results.json says so', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'attnkit-bench-'));
    writeFileSync(path.join(empty, 'note'), '');
    expect(await main(['--resume', '--out', empty], io(empty))).toBe(2);
  });

  it('accepts the "--" pnpm passes on before the flags', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'attnkit-bench-'));
    const args = [
      '--',
      '--variants',
      'full',
      '--lengths',
      '64',
      '--causal',
      'on',
      '--workload',
      'random',
    ];
    expect(await main([...args, '--out', out], io(out))).toBe(0);
    expect(readResults(out).runs.map((r) => r.key)).toEqual([runKey('full', 64, true, 'random')]);
  }, 60_000);

  it('rejects bad flags with commander errors and exit codes', async () => {
    expect(await main(['--causal', 'sometimes'], io(dir))).toBe(2);
    expect(await main(['--lengths', '2M'], io(dir))).toBe(2);
    expect(await main(['--heads', '3', '--kv-heads', '2'], io(dir))).toBe(2);
  });
});
