/** Number formatting shared by the report and the terminal table. */
export const MB = 2 ** 20;

export const fmtMs = (ms: number | null) =>
  ms === null ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
export const fmtMB = (b: number | null) =>
  b === null ? '—' : (b / MB).toFixed(b < 10 * MB ? 2 : 1);
export const fmtNum = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
export const fmtErr = (x: number | null) =>
  x === null ? '—' : !Number.isFinite(x) ? String(x) : x === 0 ? '0' : x.toExponential(1);
export const fmtPct = (x: number | null) =>
  x === null || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(0)}%`;
export const fmtN = (n: number) =>
  n >= 2 ** 20 && n % 2 ** 20 === 0
    ? `${n / 2 ** 20}M`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024}K`
      : String(n);
