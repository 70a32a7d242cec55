/**
 * `attnkit select` and `attnkit calibrate` through the program, with its exit codes:
 * 0 a recommendation (or a profile written), 1 nothing meets the case, 2 a usage error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { defaultProfile, validateProfile } from '@attnkit/select';
import { describe, expect, it } from 'vitest';
import { EXIT, run } from '../program.ts';

function capture() {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        text += chunk;
        done();
      },
    }),
    { isTTY: false },
  ) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

async function attnkit(argv: string[], cwd = mkdtempSync(path.join(os.tmpdir(), 'attnkit-sel-'))) {
  const out = capture();
  const err = capture();
  const code = await run(argv, { stdout: out.stream, stderr: err.stream, cwd });
  return { code, stdout: out.text(), stderr: err.text(), cwd };
}

describe('attnkit select', () => {
  it('0: answers from the shipped default profile and says so', async () => {
    const r = await attnkit(['select', '--n', '32768', '--causal', '--memory', '1GiB', '--exact']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/shipped default/);
    expect(r.stdout).toMatch(/linear: .*not exact/);
  });

  it('0: --json prints { candidates, excluded } with predictions', async () => {
    const r = await attnkit([
      'select',
      '--n',
      '4096',
      '--max-error',
      '0.5',
      '--workload',
      'local',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout);
    expect(json.candidates[0]).toMatchObject({
      spec: expect.any(String),
      predicted: { ms: expect.any(Number), peakBytes: expect.any(Number) },
    });
    expect(json.candidates[0].predicted.error).toBeLessThanOrEqual(0.5);
    expect(Array.isArray(json.excluded)).toBe(true);
  });

  it('1: nothing meets the case, with the nearest miss per family', async () => {
    const r = await attnkit([
      'select',
      '--n',
      '1048576',
      '--heads',
      '8',
      '--memory',
      '64MB',
      '--exact',
    ]);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/Nothing meets this case/);
    expect(r.stdout).toMatch(/chunked: .*memory budget/);
  });

  for (const [what, argv] of [
    ['a bad length', ['select', '--n', 'abc']],
    ['a bad size', ['select', '--n', '512', '--memory', 'lots']],
    ['two quality needs', ['select', '--n', '512', '--exact', '--max-error', '0.1']],
    ['--workload without --max-error', ['select', '--n', '512', '--workload', 'local']],
    [
      'a workload metrics does not know',
      ['select', '--n', '512', '--max-error', '0.1', '--workload', 'smooth'],
    ],
    [
      'kv heads that do not divide heads',
      ['select', '--n', '512', '--heads', '6', '--kv-heads', '4'],
    ],
    ['an unknown flag', ['select', '--n', '512', '--frobnicate']],
    ['a missing --n', ['select', '--exact']],
    ['a missing profile file', ['select', '--n', '512', '--profile', '/nonexistent/profile.json']],
  ] as const) {
    it(`2: ${what}`, async () => {
      const r = await attnkit([...argv]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr.length).toBeGreaterThan(0);
    });
  }

  it('2 for a profile of another version; 0 with a valid one, named as given', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attnkit-sel-'));
    writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ schema: 'attnkit-select/profile', version: 99 }),
    );
    const bad = await attnkit(['select', '--n', '512', '--profile', 'bad.json'], dir);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/version 99/);
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(defaultProfile()));
    const good = await attnkit(['select', '--n', '512', '--profile', 'good.json'], dir);
    expect(good.code, good.stderr).toBe(EXIT.ok);
    expect(good.stdout).toMatch(/Profile: given/);
  });
});

describe('attnkit calibrate', () => {
  it('0: --quick writes a valid profile with every family, decode steps and metrics fidelity', async () => {
    const r = await attnkit(['calibrate', '--quick', '--budget', '8s', '--out', 'p.json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const profile = validateProfile(JSON.parse(readFileSync(path.join(r.cwd, 'p.json'), 'utf8')));
    expect(profile.provenance.source).toBe('calibrate');
    expect(new Set(profile.throughput.map((t) => t.family)).size).toBe(5);
    expect(profile.decode.length).toBeGreaterThan(0);
    expect(new Set(profile.fidelity.map((f) => f.workload))).toEqual(
      new Set(['mixture', 'local', 'retrieval']),
    );
    expect(profile.fidelity.some((f) => f.recallByDistance?.length)).toBe(true);
  }, 60_000);

  it('2: a bad budget', async () => {
    expect((await attnkit(['calibrate', '--budget', 'soon'])).code).toBe(EXIT.usage);
  });
});
