/**
 * The configurations worth predicting for a use case, per family: chosen for the case (a window
 * that covers the distance asked, sparse bands that reach it, windows and feature counts the
 * fidelity table can speak for), not a fixed list. Each is a spec string the CLI can run.
 */
import type { Family, Profile } from './profile/schema.ts';
import type { ResolvedUseCase } from './use-case.ts';

/** A configuration the selector will predict: its family and the spec string that builds it. */
export interface CandidateSpec {
  /** The variant family, for grouping and exclusions. */
  family: Family;
  /** A spec string `createVariant` and the CLI accept, e.g. 'local-window:window=256'. */
  spec: string;
}

const MAX_LAYOUT_ENTRIES = 1 << 22;

const uniq = (xs: number[]) => [...new Set(xs.filter((x) => Number.isInteger(x) && x >= 1))];

/** Sparse block: 64 (the kernels' tile) unless the sequence is too short to hold a few. */
const sparseBlock = (n: number) => (n >= 512 ? 64 : n >= 128 ? 16 : 4);

function windows(u: ResolvedUseCase): number[] {
  const n = u.keyLength;
  const q = u.quality;
  if ('exact' in q) return [n];
  if ('distance' in q) return uniq([q.distance, Math.min(n, 2 * q.distance)]);
  // Bounded error: a ladder of fractions of N (the fidelity table's coverage axis) and a few sizes.
  return uniq([
    ...[1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2].map((f) => Math.round(f * n)),
    64,
    256,
    1024,
    n,
  ]).filter((w) => w <= n);
}

function sparseSpecs(u: ResolvedUseCase): string[] {
  const n = Math.max(u.queryLength, u.keyLength);
  const b = sparseBlock(n);
  const blocks = Math.ceil(n / b);
  const odd = (w: number) => Math.min(2 * Math.ceil(blocks) + 1, w % 2 === 1 ? w : w + 1);
  const q = u.quality;
  const bands: number[] = [];
  // A band of w blocks reaches (w − 1) / 2 whole blocks each side: enough for a distance x.
  if ('distance' in q)
    bands.push(2 * Math.ceil(q.distance / b) + 1, 2 * Math.ceil(q.distance / b) + 3);
  else if ('exact' in q) bands.push(2 * blocks + 1);
  else bands.push(3, 7, 15, 31, 2 * Math.ceil(blocks / 8) + 1, 2 * Math.ceil(blocks / 4) + 1);
  const out = [`sparse:block=${b},pattern=bigbird`];
  // A layout holds blocks × w entries: past a few million it costs more to build than to skip
  // (a dense band at N = 1M would be 2^28 entries), and chunked is the dense answer anyway.
  for (const w of uniq(bands.map(odd)).filter((w) => blocks * w <= MAX_LAYOUT_ENTRIES)) {
    out.push(`sparse:block=${b},globalBlocks=1,pattern=longformer,window=${w}`);
    if (!('exact' in q)) out.push(`sparse:block=${b},pattern=bigbird,window=${w}`);
  }
  const stride = Math.max(1, Math.round(Math.sqrt(blocks)));
  out.push(`sparse:block=${b},pattern=strided,stride=${stride}`);
  return [...new Set(out)];
}

function linearSpecs(profile: Profile): string[] {
  const measured = profile.fidelity
    .filter((f) => f.family === 'linear')
    .map((f) => f.spec.replace(/,?(backend|memoryBudget|chunk)=[^,]*/g, ''));
  return [...new Set(['linear:featureMap=elu', ...measured])];
}

/**
 * The configurations worth predicting for a use case: dense exact ones, windows and layouts
 * sized to the case's length and needed distance, and the linear settings the profile measured.
 */
export function candidateSpecs(u: ResolvedUseCase, profile: Profile): CandidateSpec[] {
  const out: CandidateSpec[] = [
    { family: 'full', spec: 'full' },
    { family: 'full', spec: 'full:queryBlock=16' },
    { family: 'chunked', spec: 'chunked' },
  ];
  for (const w of windows(u))
    out.push({ family: 'local-window', spec: `local-window:window=${w}` });
  for (const spec of sparseSpecs(u)) out.push({ family: 'sparse', spec });
  for (const spec of linearSpecs(profile)) out.push({ family: 'linear', spec });
  return out;
}
