/**
 * --jobs N: this process's points split over N child processes of the CLI (`--job k/N`, each
 * in DIR/jobs/k, always resumable), run at once; their folders are then merged into DIR. Each
 * child times its own exact baseline, so speed-ups compare timings taken under the same load.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MainIo } from '../io.ts';
import { writeOutputs } from './finish.ts';
import { mergeFiles } from './merge.ts';
import type { AblateOptions } from './options.ts';
import { ABLATION_FILE, readAblation } from './results.ts';

const fromSource = import.meta.url.endsWith('.ts');
const BIN = fileURLToPath(
  new URL(fromSource ? '../bin/attnkit.ts' : '../bin/attnkit.js', import.meta.url),
);
const sourceArgs = () =>
  fromSource ? ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx')] : [];

/** The flags that define the sweep, rebuilt from options (so a child plans the same points). */
export function sweepArgs(o: AblateOptions): string[] {
  return [
    ...o.sweeps,
    '--lengths',
    o.lengths.join(','),
    '--causal',
    o.causal.length === 2 ? 'both' : String(o.causal[0]),
    '--dim',
    String(o.dim),
    '--workload',
    o.workloads.join(','),
    '--seeds',
    String(o.seeds.length),
    '--backend',
    o.backend,
    '--bench-time',
    String(o.benchTime),
    ...(o.relaxedSimd ? [] : ['--no-relaxed-simd']),
    ...(o.memory ? [] : ['--no-memory']),
    ...(o.shard ? ['--shard', `${o.shard.index}/${o.shard.count}`] : []),
  ];
}

export async function runJobs(options: AblateOptions, dir: string, io: MainIo): Promise<number> {
  if (
    !options.resume &&
    (existsSync(path.join(dir, ABLATION_FILE)) || existsSync(path.join(dir, 'jobs')))
  )
    throw new Error(`${dir} holds a run: pass --resume to continue it, or another --out`);
  const dirs = Array.from({ length: options.jobs }, (_, k) =>
    path.join(dir, 'jobs', String(k + 1)),
  );
  const codes = await Promise.all(
    dirs.map(
      (out, k) =>
        new Promise<number>((resolve, reject) => {
          const args = [
            ...sweepArgs(options),
            '--job',
            `${k + 1}/${options.jobs}`,
            '--out',
            out,
            '--resume',
          ];
          const child = spawn(process.execPath, [...sourceArgs(), BIN, 'ablate', ...args], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          child.stderr.on('data', (chunk: Buffer) => {
            for (const line of chunk.toString().split('\n'))
              if (line) io.stderr.write(`[job ${k + 1}] ${line}\n`);
          });
          child.on('error', reject);
          child.on('close', (code) => resolve(code ?? 1));
        }),
    ),
  );
  if (codes.some((c) => c === 2))
    throw new Error(`a job process refused its arguments (exit codes ${codes.join(', ')})`);
  const children = dirs.map((d) => ({ dir: d, file: readAblation(d) }));
  const merged = mergeFiles(children);
  // Complete when every job finished its share (a shard run with jobs is one complete shard).
  merged.complete = children.every((c) => c.file.complete);
  const written = await writeOutputs(dir, merged);
  io.stderr.write(`wrote ${written.join(', ')} in ${dir}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else io.stdout.write(`report: ${path.join(dir, 'report.md')}\n`);
  return codes.some((c) => c !== 0) ? 1 : 0;
}
