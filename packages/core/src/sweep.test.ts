import { describe, expect, it } from 'vitest';
import { AttentionError } from './errors.ts';
import { compareKnobValues, expandSweep, MAX_SWEEP_POINTS } from './sweep.ts';

const specs = (s: string) => expandSweep(s).map((p) => p.spec);

describe('sweep grammar', () => {
  it('a plain spec is one point with no swept knobs', () => {
    expect(expandSweep('full')).toEqual([{ spec: 'full', knobs: {} }]);
    expect(expandSweep('chunked:queryBlock=64')).toEqual([
      { spec: 'chunked:queryBlock=64', knobs: {} },
    ]);
  });

  it('expands lists', () => {
    expect(expandSweep('local-window:window={32,64,128}')).toEqual([
      { spec: 'local-window:window=32', knobs: { window: '32' } },
      { spec: 'local-window:window=64', knobs: { window: '64' } },
      { spec: 'local-window:window=128', knobs: { window: '128' } },
    ]);
  });

  it('expands geometric and arithmetic ranges, hi included when landed on', () => {
    expect(specs('local-window:window=32..1024*2')).toEqual(
      [32, 64, 128, 256, 512, 1024].map((w) => `local-window:window=${w}`),
    );
    expect(specs('linear:featureMap=favor,features=16..1024*4')).toEqual(
      [16, 64, 256, 1024].map((m) => `linear:featureMap=favor,features=${m}`),
    );
    expect(specs('local-window:window=10..30+10')).toEqual(
      [10, 20, 30].map((w) => `local-window:window=${w}`),
    );
    expect(specs('x:a=0.1..0.3+0.1')).toEqual(['x:a=0.1', 'x:a=0.2', 'x:a=0.3']);
    expect(specs('x:a=3..10*2')).toEqual(['x:a=3', 'x:a=6']);
  });

  it('takes products across knobs, fixed knobs kept but not reported as swept', () => {
    const points = expandSweep('sparse:pattern={bigbird,longformer},block={32,64},random=2');
    expect(points.map((p) => p.spec)).toEqual([
      'sparse:pattern=bigbird,block=32,random=2',
      'sparse:pattern=bigbird,block=64,random=2',
      'sparse:pattern=longformer,block=32,random=2',
      'sparse:pattern=longformer,block=64,random=2',
    ]);
    expect(points[3].knobs).toEqual({ pattern: 'longformer', block: '64' });
  });

  it('a one-value list is still a swept knob', () => {
    expect(expandSweep('local-window:window={64}')[0].knobs).toEqual({ window: '64' });
  });

  it.each([
    ['local-window:window=1024..32*2', '"1024..32*2"', 'lo <= hi'],
    ['local-window:window=32..1024*1', '"32..1024*1"', 'factor > 1'],
    ['local-window:window=0..1024*2', '"0..1024*2"', 'lo > 0'],
    ['local-window:window=32..1024*x', '"32..1024*x"', 'numbers'],
    ['local-window:window=32..1024', '"32..1024"', 'lo..hi*factor'],
    ['local-window:window=1..10+0', '"1..10+0"', 'step > 0'],
    ['local-window:window={32,64', 'window={32,64', 'closing'],
    ['local-window:window=32,64}', '64}', 'closing a "{"'],
    ['local-window:window={32,,64}', '{32,,64}', 'non-empty'],
    ['local-window:window={{32}}', '{{32}}', 'no nested'],
    ['local-window:window=3{2}', '3{2}', 'whole {a,b} list'],
    ['local-window:window', 'window', 'key=value'],
    ['{full,chunked}', '{full,chunked}', 'variant name'],
    ['x:a=1..1e9+1', '"1..1e9+1"', `at most ${MAX_SWEEP_POINTS} values`],
  ])('refuses %s with a typed error naming the token', (spec, token, expected) => {
    try {
      expandSweep(spec);
      expect.unreachable(`accepted ${spec}`);
    } catch (e) {
      expect(e).toBeInstanceOf(AttentionError);
      const err = e as AttentionError;
      expect(err.code).toBe('INVALID_CONFIG');
      expect(err.argument).toContain(token);
      expect(err.expected).toContain(expected);
    }
  });

  it('refuses a product over the point cap', () => {
    expect(() => expandSweep('x:a=1..1000+1,b=1..1000+1')).toThrow(/at most 10000 points/);
  });

  it('sorts knob values numerically, text otherwise', () => {
    expect(['128', '32', '512', '64'].sort(compareKnobValues)).toEqual(['32', '64', '128', '512']);
    expect(['longformer', 'bigbird'].sort(compareKnobValues)).toEqual(['bigbird', 'longformer']);
    expect(['1e3', '200'].sort(compareKnobValues)).toEqual(['200', '1e3']);
  });
});
