/**
 * The exit-code contract of `attnkit`: 0 success (and --help, --version), 1 a run that failed,
 * 2 a usage error. In process through `run`, and once through the real executables.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResults } from './bench/results.ts';
import { EXIT } from './program.ts';
import { attnkit } from './testing/in-process.ts';

const tinyRun = ['--lengths', '64', '--causal', 'off', '--workload', 'random'];

describe('attnkit exit codes', () => {
  it('0: --help, bench --help and --version', async () => {
    const help = await attnkit(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/bench/);
    const benchHelp = await attnkit(['bench', '--help']);
    expect(benchHelp.code).toBe(EXIT.ok);
    expect(benchHelp.stdout).toMatch(/--variants/);
    const version = await attnkit(['--version']);
    expect(version.code).toBe(EXIT.ok);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('0: a run that measured what it was asked', async () => {
    const r = await attnkit(['bench', '--variants', 'full', ...tinyRun, '--out', 'out']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
  }, 60_000);

  it('1: no requested spec can run (nothing measured), with the reason in results.json', async () => {
    const r = await attnkit(['bench', '--variants', 'nosuch', ...tinyRun, '--out', 'out']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toMatch(/nosuch/);
    const results = readResults(path.join(r.cwd, 'out'));
    expect(results.runs).toEqual([]);
    expect(results.unavailable.map((u) => u.spec)).toEqual(['nosuch']);
  }, 60_000);

  it('1: a configuration that failed (its forward refused the call)', async () => {
    // A 1-byte memory budget: full is created, then refuses every call with MEMORY_BUDGET.
    const r = await attnkit([
      'bench',
      '--variants',
      'full:memoryBudget=1',
      ...tinyRun,
      '--out',
      'out',
    ]);
    expect(r.code).toBe(EXIT.failed);
    const [record] = readResults(path.join(r.cwd, 'out')).runs;
    expect(record.failed).toMatch(/memoryBudget/);
  }, 60_000);

  it('0: a spec that cannot run beside one that can is listed, not fatal', async () => {
    const r = await attnkit(['bench', '--variants', 'full', 'nosuch', ...tinyRun, '--out', 'out']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(readResults(path.join(r.cwd, 'out')).unavailable.map((u) => u.spec)).toEqual(['nosuch']);
  }, 60_000);

  for (const [what, argv] of [
    ['no command', []],
    ['an unknown command', ['benchmark']],
    ['an unknown flag', ['bench', '--fast']],
    ['a bad choice', ['bench', '--causal', 'sometimes']],
    ['a bad value', ['bench', '--dim', '0']],
    ['flags that do not go together', ['bench', '--heads', '3', '--kv-heads', '2']],
    ['--resume with nothing to resume', ['bench', '--resume', '--out', 'nothing-here']],
  ] as const) {
    it(`2: ${what}`, async () => {
      const r = await attnkit([...argv]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr.length).toBeGreaterThan(0);
    });
  }
});

describe('the executables', () => {
  const bin = (name: string) => fileURLToPath(new URL(`./bin/${name}.ts`, import.meta.url));
  const node = (file: string, args: string[]) =>
    spawnSync(
      process.execPath,
      ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx'), file, ...args],
      { encoding: 'utf8' },
    );

  it('attnkit passes the exit code on: 0 for --help, 2 for an unknown command', () => {
    const help = node(bin('attnkit'), ['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: attnkit/);
    expect(node(bin('attnkit'), ['nope']).status).toBe(2);
  });

  it('attnkit-bench is attnkit bench', () => {
    const help = node(bin('attnkit-bench'), ['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: attnkit bench/);
    expect(node(bin('attnkit-bench'), ['--dim', 'x']).status).toBe(2);
  });
});
