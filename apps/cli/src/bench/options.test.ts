import { WORKLOADS } from '@attnkit/metrics';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseBytes, parseLength, QUICK_LENGTHS } from './options.ts';
import { DEFAULT_SPECS } from './variants.ts';

describe('flags', () => {
  it('defaults to the issue suite: six specs, both causal modes, random timed, mixture and retrieval for quality', () => {
    const o = parseArgs([]);
    expect(o.specs).toEqual([...DEFAULT_SPECS]);
    expect(o.causal).toEqual([false, true]);
    expect(o.workloads).toEqual(['random', 'mixture', 'retrieval']);
    expect(o.lengths).toBeNull();
    expect(o.kvHeads).toBe(o.heads);
    expect(o.timeBudget).toBe(1.2);
  });

  it('keeps commas inside a spec and splits on spaces or ";"', () => {
    const o = parseArgs(['--variants', 'linear:featureMap=favor,features=256;full', 'chunked']);
    expect(o.specs).toEqual(['linear:featureMap=favor,features=256', 'full', 'chunked']);
  });

  it('reads lengths with k and M suffixes, sorted and deduplicated, up to 1M', () => {
    expect(parseArgs(['--lengths', '4k,512,1M,4096']).lengths).toEqual([512, 4096, 2 ** 20]);
    expect(parseLength('64K')).toBe(65536);
    expect(() => parseLength('2M')).toThrow(/1 … 1048576/);
    expect(() => parseLength('ten')).toThrow(/expected a count/);
  });

  it('reads byte sizes in binary units', () => {
    expect(parseBytes('2GiB')).toBe(2 ** 31);
    expect(parseBytes('512MB')).toBe(512 * 2 ** 20);
    expect(parseBytes('1.5g')).toBe(1.5 * 2 ** 30);
    expect(() => parseBytes('lots')).toThrow(/expected bytes/);
  });

  it('--quick shortens lengths and timings; explicit flags still win', () => {
    const q = parseArgs(['--quick']);
    expect(q.lengths).toEqual(QUICK_LENGTHS);
    expect(q.benchTime).toBeLessThan(parseArgs([]).benchTime);
    expect(parseArgs(['--quick', '--lengths', '128', '--time-budget', '3']).lengths).toEqual([128]);
    expect(parseArgs(['--quick', '--time-budget', '3']).timeBudget).toBe(3);
  });

  it('runs the relaxed-SIMD build unless --no-relaxed-simd', () => {
    expect(parseArgs([]).relaxedSimd).toBe(true);
    expect(parseArgs(['--no-relaxed-simd']).relaxedSimd).toBe(false);
  });

  it('maps --causal and --workload, and checks --kv-heads divides --heads', () => {
    expect(parseArgs(['--causal', 'on']).causal).toEqual([true]);
    expect(parseArgs(['--causal', 'off', '--workload', 'retrieval']).workloads).toEqual([
      'retrieval',
    ]);
    expect(parseArgs(['--workload', 'all']).workloads).toEqual(WORKLOADS.map((w) => w.name));
    expect(() => parseArgs(['--workload', 'local-ish'])).toThrow();
    expect(parseArgs(['--heads', '8', '--kv-heads', '2']).kvHeads).toBe(2);
    expect(() => parseArgs(['--heads', '8', '--kv-heads', '3'])).toThrow(/must divide/);
    expect(() => parseArgs(['--dim', '0'])).toThrow();
  });
});
