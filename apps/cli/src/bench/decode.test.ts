import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runDecode } from './decode.ts';
import { addBenchOptions, type RawFlags } from './options.ts';

/** Runs `attnkit bench --decode …` in process and returns its exit code, stdout and stderr. */
function decode(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  stdout.on('data', (c) => out.push(String(c)));
  (stderr as unknown as PassThrough).on('data', (c) => err.push(String(c)));
  const code = runDecode(parseArgsRaw(argv), { stdout, stderr, cwd: process.cwd() } as never);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The raw flags commander hands the command's action (defaults applied). */
function parseArgsRaw(argv: string[]): RawFlags {
  const program = addBenchOptions(new Command('bench')).exitOverride();
  program.parse(['--decode', '--quick', ...argv], { from: 'user' });
  return program.opts<RawFlags>();
}

describe('attnkit bench --decode', () => {
  it('prints one row per decoder and context, and the fitted exponents', () => {
    const r = decode(['--variants', 'chunked;linear', '--lengths', '64,256', '--dim', '8']);
    expect(r.code, r.stderr).toBe(0);
    for (const spec of ['chunked', 'linear'])
      for (const n of [64, 256]) expect(r.stdout).toMatch(new RegExp(`\\| ${spec} +\\| ${n} +\\|`));
    expect(r.stdout).toContain('fitted exponent');
    expect(r.stdout).toContain('d = 8');
  });

  it('refuses a bad length with exit code 2, naming it', () => {
    const r = decode(['--variants', 'linear', '--lengths', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lots');
  });
});
