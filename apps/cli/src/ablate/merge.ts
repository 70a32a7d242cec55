/**
 * `attnkit ablate merge DIR... --out DIR`: shard (or job) folders of one sweep → one folder with
 * one report. Refuses folders of different sweeps (their fingerprints differ) and folders that
 * overlap (a record in two of them): a merged result holds each point × seed exactly once, each
 * with the baseline its own process measured.
 */
import path from 'node:path';
import type { MainIo } from '../io.ts';
import { writeOutputs } from './finish.ts';
import { type AblationFile, readAblation } from './results.ts';

export function mergeFiles(files: readonly { dir: string; file: AblationFile }[]): AblationFile {
  if (files.length === 0) throw new Error('merge: no folders given');
  const [first] = files;
  for (const { dir, file } of files)
    if (file.fingerprint !== first.file.fingerprint)
      throw new Error(
        `merge: ${dir} is another sweep (fingerprint ${file.fingerprint}: ${file.options.sweeps.join(' ')}) than ${first.dir} (${first.file.fingerprint}: ${first.file.options.sweeps.join(' ')})`,
      );
  const parts = files.flatMap((f) => f.file.parts);
  const labels = parts.map((p) => p.part);
  const twice = labels.find((l, x) => labels.indexOf(l) !== x);
  if (twice) throw new Error(`merge: part "${twice}" is in two of the folders`);
  const records = new Map<string, { dir: string; record: AblationFile['records'][number] }>();
  for (const { dir, file } of files)
    for (const record of file.records) {
      const seen = records.get(record.id);
      if (seen) throw new Error(`merge: ${record.id} is in both ${seen.dir} and ${dir}`);
      records.set(record.id, { dir, record });
    }
  const seeds = first.file.options.seeds.length;
  const ids = new Set(records.keys());
  const complete = first.file.allPointIds.every((p) =>
    first.file.options.seeds.every((s) => ids.has(`${p}|seed=${s}`)),
  );
  return {
    ...first.file,
    options: { ...first.file.options, shard: null, job: null },
    parts,
    complete: complete && records.size === first.file.allPointIds.length * seeds,
    baselines: files.flatMap((f) => f.file.baselines),
    records: [...records.values()].map((r) => r.record),
  };
}

export async function runMerge(
  dirs: string[],
  flags: { out: string; json: boolean },
  io: MainIo,
): Promise<number> {
  let merged: AblationFile;
  try {
    merged = mergeFiles(dirs.map((d) => ({ dir: d, file: readAblation(path.resolve(io.cwd, d)) })));
  } catch (error) {
    io.stderr.write(`attnkit ablate ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const out = path.resolve(io.cwd, flags.out);
  const written = await writeOutputs(out, merged);
  const missing = merged.complete
    ? ''
    : ' (incomplete: some points of the sweep are in none of the folders)';
  io.stderr.write(
    `merged ${dirs.length} folders, ${merged.records.length} records${missing}: ${written.join(', ')} in ${out}\n`,
  );
  if (flags.json) io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  return 0;
}
