import { AttentionError, describe } from './errors.ts';

/** One concrete point of a sweep: a plain spec string and the value each swept knob took. */
export interface SweepPoint {
  spec: string;
  /** The swept knobs only (key → value as written in the spec), in the order they appear. */
  knobs: Record<string, string>;
}

/** A sweep larger than this is almost always a typo (e.g. a factor of 1.0001): refuse it. */
export const MAX_SWEEP_POINTS = 10_000;

const bad = (spec: string, token: string, expected: string) =>
  new AttentionError(
    'INVALID_CONFIG',
    `sweep "${spec}" token ${JSON.stringify(token)}`,
    expected,
    describe(token),
  );

/** Splits on commas outside braces, so `a={1,2},b=3` is two pairs. */
function splitTopLevel(spec: string, body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{') {
      if (depth > 0) throw bad(spec, body.slice(start), 'no nested braces');
      depth++;
    } else if (c === '}') {
      if (depth === 0) throw bad(spec, body.slice(start, i + 1), 'a "}" closing a "{"');
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw bad(spec, body.slice(start), 'a closing "}"');
  parts.push(body.slice(start));
  return parts.map((p) => p.trim());
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Formats a range value without float noise (0.30000000000000004 → 0.3). */
const tidy = (x: number): string => String(Number(x.toPrecision(12)));

/**
 * `lo..hi*f` (geometric: lo, lo·f, … ≤ hi) or `lo..hi+s` (arithmetic: lo, lo+s, … ≤ hi).
 * hi is included when the progression lands on it.
 */
function expandRange(spec: string, token: string): string[] | null {
  const m = /^(.+?)\.\.(.+?)([*+])(.+)$/.exec(token);
  if (!m) {
    if (token.includes('..'))
      throw bad(spec, token, 'a range lo..hi*factor or lo..hi+step, e.g. 32..1024*2');
    return null;
  }
  const [, loText, hiText, op, stepText] = m;
  for (const t of [loText, hiText, stepText])
    if (!NUMBER.test(t)) throw bad(spec, token, `numbers in lo..hi${op}x (not ${t})`);
  const lo = Number(loText);
  const hi = Number(hiText);
  const step = Number(stepText);
  if (hi < lo) throw bad(spec, token, `lo <= hi (got ${lo} > ${hi})`);
  if (op === '*' && (!(step > 1) || lo <= 0))
    throw bad(spec, token, 'a geometric range with lo > 0 and factor > 1');
  if (op === '+' && !(step > 0)) throw bad(spec, token, 'an arithmetic range with step > 0');
  const values: string[] = [];
  const slack = Math.abs(hi) * 1e-9;
  for (let x = lo, i = 0; x <= hi + slack; i++) {
    if (values.length >= MAX_SWEEP_POINTS)
      throw bad(spec, token, `at most ${MAX_SWEEP_POINTS} values`);
    values.push(tidy(x));
    x = op === '*' ? lo * step ** (i + 1) : lo + step * (i + 1);
  }
  return values;
}

function expandValue(spec: string, raw: string): string[] {
  if (raw.startsWith('{')) {
    if (!raw.endsWith('}')) throw bad(spec, raw, 'a list {a,b,c} ending in "}"');
    const items = raw
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim());
    if (items.some((s) => s === '')) throw bad(spec, raw, 'a list of non-empty values {a,b,c}');
    return items.flatMap((item) => expandRange(spec, item) ?? [item]);
  }
  if (raw.includes('{') || raw.includes('}')) throw bad(spec, raw, 'a value or a whole {a,b} list');
  return expandRange(spec, raw) ?? [raw];
}

/**
 * Expands a sweep spec into its points, the cartesian product over every swept knob:
 * `local-window:window={32,64,128}`, `local-window:window=32..1024*2`,
 * `sparse:pattern={bigbird,longformer},block={32,64}`. A plain spec is one point.
 * Values are not type-checked here: each point goes through parseSpec, which names the key.
 */
export function expandSweep(spec: string): SweepPoint[] {
  if (typeof spec !== 'string' || spec.trim() === '')
    throw new AttentionError(
      'INVALID_CONFIG',
      'sweep',
      'a spec such as "local-window:window=32..512*2"',
      describe(spec),
    );
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (/[{}]|\.\./.test(name)) throw bad(spec, name, 'a variant name (sweeps go after ":")');
  const body = colon < 0 ? '' : spec.slice(colon + 1).trim();
  const pairs = body === '' ? [] : splitTopLevel(spec, body);
  const axes = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw bad(spec, pair, 'key=value');
    const key = pair.slice(0, eq).trim();
    const values = expandValue(spec, pair.slice(eq + 1).trim());
    return { key, values, swept: values.length > 1 || /[{}]|\.\./.test(pair) };
  });
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_SWEEP_POINTS) throw bad(spec, body, `at most ${MAX_SWEEP_POINTS} points`);
  let points: { parts: string[]; knobs: Record<string, string> }[] = [{ parts: [], knobs: {} }];
  for (const axis of axes) {
    points = points.flatMap((p) =>
      axis.values.map((value) => ({
        parts: [...p.parts, `${axis.key}=${value}`],
        knobs: axis.swept ? { ...p.knobs, [axis.key]: value } : p.knobs,
      })),
    );
  }
  return points.map((p) => ({
    spec: p.parts.length ? `${name}:${p.parts.join(',')}` : name,
    knobs: p.knobs,
  }));
}

/** Orders knob values numerically when both are numbers (32 < 128 < 512), else as text. */
export function compareKnobValues(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (NUMBER.test(a) && NUMBER.test(b)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}
