import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readResultFile } from './results-file.ts';

const fixture = readFileSync(new URL('../test/fixtures/results.json', import.meta.url), 'utf8');

describe('readResultFile', () => {
  it('reads a bench results.json: one time point per timed (spec, N, causal)', () => {
    const raw = JSON.parse(fixture);
    expect(raw.version).toBe(2);
    const data = readResultFile(fixture, 'results.json');
    const timed = new Set(
      raw.runs
        .filter((r: { medianMs: unknown }) => typeof r.medianMs === 'number')
        .map((r: { spec: string; n: number; causal: boolean }) => `${r.spec}|${r.n}|${r.causal}`),
    );
    expect(data.time).toHaveLength(timed.size);
    expect(data.memory.length).toBeGreaterThan(0);
    expect(data.fits.length).toBeGreaterThan(0);
    // Version 1 files carry the same time and memory fields: still readable.
    const v1 = readResultFile(JSON.stringify({ ...raw, version: 1 }), 'old.json');
    expect(v1.time).toHaveLength(timed.size);
  });

  it('names what it expected when a file is not a bench or explorer result', () => {
    expect(() => readResultFile('{"schema":"attnkit-ablate/results"}', 'ablation.json')).toThrow(
      /ablation\.json.*not charted here yet/,
    );
    expect(() => readResultFile('{', 'x.json')).toThrow(/x\.json: not JSON/);
    expect(() =>
      readResultFile(JSON.stringify({ ...JSON.parse(fixture), version: 3 }), 'r.json'),
    ).toThrow(/version 3, this viewer reads 1 and 2/);
  });
});
