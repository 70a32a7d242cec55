/** Where a result came from: the command as typed, the attnkit version and commit, the machine. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getKernels } from '@attnkit/kernels';
import { machineInfo } from '../bench/results.ts';
import type { AblateOptions } from './options.ts';
import type { Provenance } from './results.ts';

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

export const commandLine = (args: readonly string[]) => ['attnkit', ...args].map(quote).join(' ');

const here = fileURLToPath(new URL('.', import.meta.url));

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

export function provenance(
  options: AblateOptions,
  args: readonly string[],
  relaxedSimd: string,
): Provenance {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  return {
    command: commandLine(args),
    attnkitVersion: pkg.version,
    gitCommit: commit,
    gitDirty: status === null ? null : status.length > 0,
    machine: machineInfo(getKernels(options.backend).name, 1, relaxedSimd),
    startedAt: new Date().toISOString(),
  };
}
