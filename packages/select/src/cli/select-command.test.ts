import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/default.ts';
import { validateProfile } from '../profile/schema.ts';
import { EXIT_NOTHING_MEETS, EXIT_OK, EXIT_USAGE, runCli } from './select-command.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('attnkit select / calibrate', () => {
  it('exits 0 with a ranked table, and prints the --json shape', async () => {
    const a = io();
    expect(
      await runCli(['select', '--n', '32768', '--causal', '--memory', '1GiB', '--exact'], a.io),
    ).toBe(EXIT_OK);
    expect(a.out.join('\n')).toMatch(/shipped default/);
    const b = io();
    expect(await runCli(['select', '--n', '4096', '--max-error', '0.5', '--json'], b.io)).toBe(
      EXIT_OK,
    );
    const json = JSON.parse(b.out.join('\n'));
    expect(json.candidates[0]).toMatchObject({
      spec: expect.any(String),
      predicted: { ms: expect.any(Number), peakBytes: expect.any(Number) },
    });
    expect(Array.isArray(json.excluded)).toBe(true);
  });

  it('exits 1 with the nearest miss per family when nothing meets the case', async () => {
    const a = io();
    expect(
      await runCli(
        ['select', '--n', '1048576', '--heads', '8', '--memory', '64MB', '--exact'],
        a.io,
      ),
    ).toBe(EXIT_NOTHING_MEETS);
    expect(a.out.join('\n')).toMatch(/Nothing meets this case/);
    expect(a.out.join('\n')).toMatch(/chunked: /);
  });

  it('exits 2 on usage errors: bad values, conflicting needs, unknown flags, bad profiles', async () => {
    for (const argv of [
      ['select', '--n', 'abc'],
      ['select', '--n', '512', '--memory', 'lots'],
      ['select', '--n', '512', '--exact', '--max-error', '0.1'],
      ['select', '--n', '512', '--heads', '6', '--kv-heads', '4'],
      ['select', '--n', '512', '--frobnicate'],
      ['select', '--n', '512', '--profile', '/nonexistent/profile.json'],
    ])
      expect(await runCli(argv, io().io), argv.join(' ')).toBe(EXIT_USAGE);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attnkit-select-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schema: 'attnkit-select/profile', version: 99 }));
    const a = io();
    expect(await runCli(['select', '--n', '512', '--profile', bad], a.io)).toBe(EXIT_USAGE);
    expect(a.err.join('\n')).toMatch(/version 99/);
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(defaultProfile()));
    const b = io();
    expect(await runCli(['select', '--n', '512', '--profile', good], b.io)).toBe(EXIT_OK);
    expect(b.out.join('\n')).toMatch(/Profile: given/);
  });

  it('calibrate --quick writes a valid profile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attnkit-cal-'));
    const file = path.join(dir, 'p.json');
    const a = io();
    expect(await runCli(['calibrate', '--quick', '--budget', '8s', '--out', file], a.io)).toBe(
      EXIT_OK,
    );
    const profile = validateProfile(JSON.parse(readFileSync(file, 'utf8')));
    expect(profile.provenance.source).toBe('calibrate');
    expect(new Set(profile.throughput.map((t) => t.family)).size).toBe(5);
    expect(profile.decode.length).toBeGreaterThan(0);
    expect(profile.fidelity.length).toBeGreaterThan(0);
  }, 60_000);
});
