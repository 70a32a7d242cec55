/**
 * A profile: what this machine measured, from which the selector predicts time and quality.
 * Versioned JSON; bump PROFILE_VERSION on any change readers rely on.
 */
export const PROFILE_SCHEMA = 'attnkit-select/profile';
/** The profile format this reader takes; a profile of another version is refused, not guessed at. */
export const PROFILE_VERSION = 1;

/** The five variant families, in the order reports list them. */
export const FAMILIES = ['full', 'chunked', 'local-window', 'sparse', 'linear'] as const;
/** One of `FAMILIES`. */
export type Family = (typeof FAMILIES)[number];

/** Where a profile's figures come from, so a prediction can be traced to a machine and a run. */
export interface Provenance {
  machine: { cpu: string; cores: number; platform: string; arch: string; totalMemoryBytes: number };
  node: string;
  backend: string;
  attnkitVersion: string;
  date: string;
  command: string;
  /** 'calibrate' or 'bench-results' (converted from an `attnkit bench` results.json). */
  source: string;
  seed: number;
  commit?: string;
}

/** One timed forward: flops from the variant's cost(), ms the median of its repeats. */
export interface ThroughputPoint {
  family: Family;
  spec: string;
  n: number;
  causal: boolean;
  /** Batch × heads of the timed call. */
  heads: number;
  flops: number;
  ms: number;
}

/** One timed decoder step at a context length; `units` = B·H·(keys read)·(D + Dv). */
export interface DecodePoint {
  family: Family;
  spec: string;
  context: number;
  units: number;
  ms: number;
}

/** Measured distance from exact attention: error on a workload, recall of planted pairs. */
export interface FidelityPoint {
  family: Family;
  spec: string;
  workload: string;
  n: number;
  causal: boolean;
  /** Fraction of the (causal) query–key pairs the variant computes: 1 for dense and linear. */
  coverage: number;
  relError: number;
  /** Rows the error was measured on. */
  rows: number;
  recallByDistance?: { distance: number; recall: number; pairs: number }[];
}

/**
 * What one machine measured: the selector predicts time from its throughput and decode points
 * and quality from its fidelity points. Read with `validateProfile`.
 */
export interface Profile {
  schema: typeof PROFILE_SCHEMA;
  version: number;
  provenance: Provenance;
  throughput: ThroughputPoint[];
  decode: DecodePoint[];
  fidelity: FidelityPoint[];
}

const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/** Returns the typed profile or throws an Error naming the first problem (path and value). */
export function validateProfile(value: unknown, source = 'profile'): Profile {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`);
  };
  const p = value as Partial<Profile> | null;
  if (!p || typeof p !== 'object') return fail('not a JSON object');
  if (p.schema !== PROFILE_SCHEMA)
    fail(`schema is ${JSON.stringify(p.schema)}, expected "${PROFILE_SCHEMA}"`);
  if (p.version !== PROFILE_VERSION)
    fail(`version ${JSON.stringify(p.version)}, this reader takes ${PROFILE_VERSION}`);
  const prov = p.provenance;
  if (!prov || typeof prov.node !== 'string' || typeof prov.backend !== 'string' || !prov.machine)
    fail('provenance lacks machine, node or backend');
  for (const key of ['throughput', 'decode', 'fidelity'] as const)
    if (!Array.isArray(p[key])) fail(`${key} is not an array`);
  const family = (f: unknown, at: string) => {
    if (!FAMILIES.includes(f as Family)) fail(`${at}.family is ${JSON.stringify(f)}`);
  };
  p.throughput?.forEach((t, i) => {
    family(t.family, `throughput[${i}]`);
    if (!isNum(t.n) || !isNum(t.flops) || !isNum(t.ms) || !(t.ms > 0) || !isNum(t.heads))
      fail(`throughput[${i}] needs finite n, heads, flops and ms > 0`);
  });
  p.decode?.forEach((d, i) => {
    family(d.family, `decode[${i}]`);
    if (!isNum(d.context) || !isNum(d.units) || !isNum(d.ms) || !(d.ms > 0))
      fail(`decode[${i}] needs finite context, units and ms > 0`);
  });
  p.fidelity?.forEach((f, i) => {
    family(f.family, `fidelity[${i}]`);
    if (typeof f.workload !== 'string' || !isNum(f.n) || !isNum(f.coverage) || !isNum(f.relError))
      fail(`fidelity[${i}] needs workload, n, coverage and a finite relError`);
  });
  return p as Profile;
}
