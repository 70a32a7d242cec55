import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../program.ts';

const io = (cwd: string) => {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), {
    isTTY: false,
  }) as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  (stderr as unknown as PassThrough).on('data', (d) => (err += d));
  return { io: { stdout, stderr, cwd }, text: () => ({ out, err }) };
};

// The no-attention baseline exercises the whole command without attention gradients.
const base = [
  'train',
  '--layers',
  '0',
  '--seq',
  '16',
  '--pairs',
  '2',
  '--vocab',
  '12',
  '--dim',
  '8',
  '--batch',
  '4',
  '--quiet',
];

describe('attnkit train', () => {
  it('writes results.json with provenance, curve, final accuracy and SVG curves', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'train-'));
    const { io: i, text } = io(dir);
    const code = await run([...base, '--steps', '6', '--eval-every', '3', '--out', 'r'], i);
    expect(code, text().err).toBe(0);
    const results = JSON.parse(readFileSync(path.join(dir, 'r', 'results.json'), 'utf8'));
    expect(results.schema).toBe('attnkit-train/results');
    expect(results.provenance.machine.node).toBe(process.version);
    expect(results.provenance.seed).toBe(1);
    expect(results.curve).toHaveLength(6);
    expect(results.evaluations.map((e: { step: number }) => e.step)).toEqual([3, 6]);
    expect(results.final.chance).toBeCloseTo(1 / 6, 12);
    expect(results.throughput.tokensPerSecond).toBeGreaterThan(0);
    expect(readFileSync(path.join(dir, 'r', 'loss.svg'), 'utf8')).toMatch(/^<svg/);
    expect(text().out).toMatch(/held-out accuracy/);
  });

  it('--resume from a checkpoint ends with the same weights as an uninterrupted run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'train-'));
    const weights = (out: string) =>
      JSON.parse(readFileSync(path.join(dir, out, 'checkpoint.json'), 'utf8')).params;
    expect(await run([...base, '--steps', '8', '--out', 'straight'], io(dir).io)).toBe(0);
    expect(
      await run([...base, '--steps', '8', '--stop-after', '3', '--out', 'cut'], io(dir).io),
    ).toBe(0);
    const cut = JSON.parse(readFileSync(path.join(dir, 'cut', 'checkpoint.json'), 'utf8'));
    expect(cut.step).toBe(3);
    expect(weights('cut')).not.toEqual(weights('straight'));
    expect(await run([...base, '--steps', '8', '--resume', '--out', 'cut'], io(dir).io)).toBe(0);
    expect(weights('cut')).toEqual(weights('straight'));
    const [a, b] = ['cut', 'straight'].map((d) =>
      JSON.parse(readFileSync(path.join(dir, d, 'results.json'), 'utf8')),
    );
    expect(a.curve).toEqual(b.curve);
  });

  it('usage errors exit 2: bad value, --resume without --out, --threads 2, bad spec', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'train-'));
    expect(await run(['train', '--steps', 'x'], io(dir).io)).toBe(2);
    expect(await run(['train', '--resume'], io(dir).io)).toBe(2);
    expect(await run(['train', '--threads', '2'], io(dir).io)).toBe(2);
    expect(await run([...base, '--variant', 'nope'], io(dir).io)).toBe(2);
  });
});
