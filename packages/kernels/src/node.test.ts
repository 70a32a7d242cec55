import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasRelaxedSimdFlag } from './node.ts';

const child = fileURLToPath(new URL('./testing/relaxed-simd-child.ts', import.meta.url));
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('enableRelaxedSimd', () => {
  it('knows the V8 line that keeps relaxed SIMD behind a flag', () => {
    expect(hasRelaxedSimdFlag('11.3.244.8-node.33')).toBe(true);
    expect(hasRelaxedSimdFlag('10.2.154.26-node.36')).toBe(false);
    expect(hasRelaxedSimdFlag('13.6.233.10-node.28')).toBe(false);
  });

  // Own process: the flag, once set, would change every later test in this one.
  it('makes auto pick the relaxed-SIMD build, which equals the JS twin', () => {
    const run = spawnSync(
      process.execPath,
      ['--conditions=@attnkit/source', '--import', 'tsx', child],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const got = JSON.parse(run.stdout.trim());
    expect(got.after).toBe('wasm-relaxed-simd');
    // Node 20 (V8 11.3) needs the flag; Node >= 22 runs the build unflagged.
    if (nodeMajor === 20) expect(got).toMatchObject({ before: 'wasm-simd', status: 'flag' });
    else expect(got).toMatchObject({ before: 'wasm-relaxed-simd', status: 'native' });
    expect(got.maxDiff).toBeLessThan(1e-5);
  });
});
