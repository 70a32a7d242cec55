/**
 * Where the band of a dilated window falls, in the residue-class form the fast path uses.
 *
 * Query i sits at key position p = i + (Nk − Nq) (bottom-right, as causal). With dilation d a query
 * at p only sees keys j ≡ p (mod d), so the keys of residue class r (j = r + u·d) and the queries
 * with p ≡ r form an undilated band problem of their own: query s of the class sits at unit
 * position s + offset and sees key unit u iff lo <= u − (s + offset) <= hi.
 */
export interface ResidueClass {
  /** First query index of the class; queries are firstQuery + s·d. */
  firstQuery: number;
  queries: number;
  /** Keys of the class before padding: r + u·d < Nk. */
  keys: number;
  /** Unit position of query s is s + offset. */
  offset: number;
}

const mod = (a: number, d: number) => ((a % d) + d) % d;
const countFrom = (start: number, end: number, d: number) =>
  start >= end ? 0 : Math.floor((end - start + d - 1) / d);

export function residueClass(r: number, d: number, Nq: number, Nk: number): ResidueClass {
  const shift = Nk - Nq;
  const firstQuery = mod(r - shift, d);
  return {
    firstQuery,
    queries: countFrom(firstQuery, Nq, d),
    keys: countFrom(r, Nk, d),
    offset: (firstQuery + shift - r) / d,
  };
}

/** Keys r + u·d of class r below a padding length: how many there are. */
export const keysBelow = (r: number, length: number, d: number) => countFrom(r, length, d);

/** The band in key units: [lo, hi] of u − (s + offset); causal cuts everything after the query. */
export function bandLimits(left: number, right: number, causal: boolean): [number, number] {
  return [-left, causal ? Math.min(right, 0) : right];
}

/** The key units query unit position `at` sees among `keys` keys: [first, end). */
export function unitRange(at: number, lo: number, hi: number, keys: number): [number, number] {
  const first = Math.max(0, at + lo);
  const end = Math.min(keys, at + hi + 1);
  return [first, Math.max(first, end)];
}
