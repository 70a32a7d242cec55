/** Short forms shared by the report and the charts. */
import type { SummaryRow } from './summarize.ts';

/** 4096 → 4K, 1000 → 1000. */
export const formatN = (n: number) =>
  n >= 2 ** 20 && n % 2 ** 20 === 0
    ? `${n / 2 ** 20}M`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024}K`
      : String(n);

export const sig = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : Number(x.toPrecision(digits)).toString();

/** The spec without the family and its knobs besides `except`, for a series name. */
export function otherKnobs(row: SummaryRow, except: string): string {
  const rest = Object.entries(row.knobs).filter(([k]) => k !== except);
  return rest.length ? ` ${rest.map(([k, v]) => `${k}=${v}`).join(',')}` : '';
}

export const modeLabel = (causal: boolean) => (causal ? 'causal' : 'non-causal');
