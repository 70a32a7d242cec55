/**
 * Fault tolerance of a long run: the real CLI in a child process on a tiny suite, killed with
 * SIGKILL mid-suite, then restarted with --resume. Meanwhile results.json is read as fast as the
 * test can: every read must parse (it is replaced atomically, temp file + rename). At the end no
 * record recorded before the kill is lost or changed, and none is duplicated.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { exited, startCli, watchJson } from '../testing/processes.ts';
import { type Results, runKey, validateResults } from './results.ts';

const SPECS = ['full', 'chunked'];
const LENGTHS = [64, 128, 256];
const SUITE = ['--variants', ...SPECS, '--lengths', LENGTHS.join(','), '--workload', 'random'];
const EXPECTED = SPECS.flatMap((s) =>
  LENGTHS.flatMap((n) => [false, true].map((c) => runKey(s, n, c, 'random'))),
).sort();

/** The parsed file, or null while it does not exist yet. */
function current(file: string): Results | null {
  if (!existsSync(file)) return null;
  return validateResults(JSON.parse(readFileSync(file, 'utf8')));
}

it('SIGKILL mid-suite then --resume: nothing lost, nothing duplicated, valid JSON throughout', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'attnkit-interrupt-'));
  const file = path.join(out, 'results.json');
  const start = (args: string[]) => startCli(['bench', ...args, '--out', out]);

  const first = start([...SUITE, '--quick']);
  let stderr = '';
  first.stderr?.on('data', (c) => {
    stderr += c;
  });
  const stopReader1 = watchJson(file);
  // Mid-suite: some records written, most still to come.
  let killedAt = -1;
  const poll = setInterval(() => {
    const r = current(file);
    if (killedAt < 0 && r && r.runs.length >= 3) {
      killedAt = r.runs.length;
      first.kill('SIGKILL');
    }
  }, 5);
  const end1 = await exited(first);
  clearInterval(poll);
  const reads1 = await stopReader1();
  expect(end1.signal, stderr).toBe('SIGKILL');
  expect(killedAt).toBeGreaterThanOrEqual(3);
  // What the killed run left: read once more now that nothing writes.
  const before = validateResults(JSON.parse(readFileSync(file, 'utf8')));
  expect(before.complete).toBe(false);
  expect(before.runs.length).toBeLessThan(EXPECTED.length);

  const second = start(['--resume']);
  const stopReader2 = watchJson(file);
  const end2 = await exited(second);
  const reads2 = await stopReader2();
  expect(end2.code).toBe(0);

  const after = validateResults(JSON.parse(readFileSync(file, 'utf8')));
  expect(after.complete).toBe(true);
  const keys = after.runs.map((r) => r.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect([...keys].sort()).toEqual(EXPECTED);
  expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  for (const record of before.runs)
    expect(after.runs.find((r) => r.key === record.key)).toEqual(record);
  // Every read of both runs parsed and validated; there were many of them.
  expect([...reads1.invalid, ...reads2.invalid]).toEqual([]);
  expect(reads1.reads + reads2.reads).toBeGreaterThan(1000);
}, 180_000);
