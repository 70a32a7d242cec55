/**
 * Test helpers for runs of the real CLI in child processes (the bench's and ablate's interrupt
 * tests): start it from sources, await its exit, and watch a results file that must parse at
 * every read (files are replaced atomically, temp file + rename).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const BIN = fileURLToPath(new URL('../bin/attnkit.ts', import.meta.url));
const SOURCE = ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx')];

/** `attnkit <args>` from sources; stderr piped (for failure messages), stdout ignored. */
export const startCli = (args: readonly string[]): ChildProcess =>
  spawn(process.execPath, [...SOURCE, BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

export const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

/**
 * A reader thread that reads `file` back to back, with no pause, until stopped, and counts the
 * reads that do not parse as JSON: a file written in place would be caught half-written.
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

/** Starts the reader; the returned function stops it and resolves to its counts. */
export function watchJson(file: string) {
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
