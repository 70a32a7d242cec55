/**
 * Fault tolerance of a long run: the real CLI in a child process on a tiny suite, killed with
 * SIGKILL mid-suite, then restarted with --resume. Meanwhile results.json is read as fast as the
 * test can: every read must parse (it is replaced atomically, temp file + rename). At the end no
 * record recorded before the kill is lost or changed, and none is duplicated.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { type Results, runKey, validateResults } from './results.ts';

const BIN = fileURLToPath(new URL('../bin/attnkit.ts', import.meta.url));
const SOURCE = ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx')];
const SPECS = ['full', 'chunked'];
const LENGTHS = [64, 128, 256];
const SUITE = ['--variants', ...SPECS, '--lengths', LENGTHS.join(','), '--workload', 'random'];
const EXPECTED = SPECS.flatMap((s) =>
  LENGTHS.flatMap((n) => [false, true].map((c) => runKey(s, n, c, 'random'))),
).sort();

/**
 * A reader thread that reads results.json back to back, with no pause, until stopped, and counts
 * the reads that do not parse: a file written in place would be caught half-written.
 */
const READER = `const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const stop = new Int32Array(workerData.stop);
let reads = 0;
const invalid = [];
while (Atomics.load(stop, 0) === 0) {
  let text = '';
  try { text = readFileSync(workerData.file, 'utf8'); } catch {}
  if (!text) continue;
  reads++;
  try { JSON.parse(text); } catch (e) { if (invalid.length < 5) invalid.push(text.length + ' chars: ' + e.message); else invalid.push(''); }
}
parentPort.postMessage({ reads, invalid });`;

function watch(file: string) {
  const stop = new SharedArrayBuffer(4);
  const reader = new Worker(READER, { eval: true, workerData: { file, stop } });
  const result = new Promise<{ reads: number; invalid: string[] }>((resolve, reject) => {
    reader.once('message', resolve);
    reader.once('error', reject);
  });
  return async () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    const r = await result;
    await reader.terminate();
    return r;
  };
}

/** The parsed file, or null while it does not exist yet. */
function current(file: string): Results | null {
  if (!existsSync(file)) return null;
  return validateResults(JSON.parse(readFileSync(file, 'utf8')));
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

it('SIGKILL mid-suite then --resume: nothing lost, nothing duplicated, valid JSON throughout', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'attnkit-interrupt-'));
  const file = path.join(out, 'results.json');
  const start = (args: string[]) =>
    spawn(process.execPath, [...SOURCE, BIN, 'bench', ...args, '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });

  const first = start([...SUITE, '--quick']);
  let stderr = '';
  first.stderr?.on('data', (c) => {
    stderr += c;
  });
  const stopReader1 = watch(file);
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
  const stopReader2 = watch(file);
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
