/**
 * `attnkit ablate` killed with SIGKILL mid-sweep, then `--resume`: ablation.json parses at every
 * read (atomic writes), no record written before the kill is lost or changed, none is measured
 * twice, and the resumed run ends with every point × seed of the sweep. Helpers shared with the
 * bench's interrupt test (src/testing/processes.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { exited, startCli, watchJson } from '../testing/processes.ts';
import { type AblationFile, validateAblation } from './results.ts';

const SWEEP = ['local-window:window=8..128*2', '--lengths', '256,512', '--workload', 'retrieval'];
const RUN = [...SWEEP, '--seeds', '2', '--no-memory', '--bench-time', '20'];
const EXPECTED = [8, 16, 32, 64, 128]
  .flatMap((w) =>
    [256, 512].flatMap((n) =>
      [1, 2].map((s) => `local-window:window=${w}|n=${n}|causal|d=64|seed=${s}`),
    ),
  )
  .sort();

const current = (file: string): AblationFile | null =>
  existsSync(file) ? validateAblation(JSON.parse(readFileSync(file, 'utf8'))) : null;

it('SIGKILL mid-sweep then --resume: nothing lost, nothing repeated, valid JSON throughout', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'attnkit-ablate-interrupt-'));
  const file = path.join(out, 'ablation.json');
  const first = startCli(['ablate', ...RUN, '--out', out]);
  let stderr = '';
  first.stderr?.on('data', (c) => {
    stderr += c;
  });
  const stopReader1 = watchJson(file);
  let killedAt = -1;
  const poll = setInterval(() => {
    const f = current(file);
    if (killedAt < 0 && f && f.records.length >= 3) {
      killedAt = f.records.length;
      first.kill('SIGKILL');
    }
  }, 5);
  const end1 = await exited(first);
  clearInterval(poll);
  const reads1 = await stopReader1();
  expect(end1.signal, stderr).toBe('SIGKILL');
  const before = validateAblation(JSON.parse(readFileSync(file, 'utf8')));
  expect(before.complete).toBe(false);
  expect(before.records.length).toBeGreaterThanOrEqual(3);
  expect(before.records.length).toBeLessThan(EXPECTED.length);

  const second = startCli(['ablate', ...RUN, '--out', out, '--resume']);
  let stderr2 = '';
  second.stderr?.on('data', (c) => {
    stderr2 += c;
  });
  const stopReader2 = watchJson(file);
  const end2 = await exited(second);
  const reads2 = await stopReader2();
  expect(end2.code, stderr2).toBe(0);
  // The resumed run measured only what was missing.
  expect(stderr2).toContain(`${EXPECTED.length - before.records.length} tasks to run`);

  const after = validateAblation(JSON.parse(readFileSync(file, 'utf8')));
  expect(after.complete).toBe(true);
  const ids = after.records.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(EXPECTED);
  for (const record of before.records)
    expect(after.records.find((r) => r.id === record.id)).toEqual(record);
  expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  for (const f of ['ablation.csv', 'report.md'])
    expect(existsSync(path.join(out, f)), f).toBe(true);
  expect([...reads1.invalid, ...reads2.invalid]).toEqual([]);
  expect(reads1.reads + reads2.reads).toBeGreaterThan(100);
}, 180_000);
