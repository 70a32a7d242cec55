import { AttentionError } from '@attnkit/core';
import { BlockLayout } from '../layout.ts';
import { intersectLayouts, unionLayouts } from '../layout-ops.ts';
import { custom } from './custom.ts';
import type { Pattern } from './pattern.ts';

type Item = Pattern | BlockLayout;

function asPatterns(items: readonly Item[], op: string): Pattern[] {
  if (items.length === 0)
    throw new AttentionError('INVALID_CONFIG', `${op}()`, 'at least one pattern or layout', 'none');
  return items.map((item, n) => {
    if (item instanceof BlockLayout) return custom(item);
    if (item?.kind !== 'pattern')
      throw new AttentionError(
        'INVALID_CONFIG',
        `${op}() argument ${n}`,
        'a Pattern or BlockLayout',
        String(item),
      );
    return item;
  });
}

function commonBlock(patterns: readonly Pattern[], op: string): number | undefined {
  const fixed = patterns.map((p) => p.block).filter((b) => b !== undefined);
  if (fixed.some((b) => b !== fixed[0]))
    throw new AttentionError(
      'INVALID_CONFIG',
      `${op}() block sizes`,
      'one block size',
      fixed.join(', '),
    );
  return fixed[0];
}

function combine(items: readonly Item[], op: 'union' | 'intersect'): Pattern {
  const patterns = asPatterns(items, op);
  const block = commonBlock(patterns, op);
  const merge = op === 'union' ? unionLayouts : intersectLayouts;
  const reach = patterns.map((p) => p.reachable);
  // A union may reach a key if any part may; an intersection only if every part may.
  const reachable =
    op === 'union'
      ? reach.every((f) => f !== undefined)
        ? (kb: number, qb: number, b: number) => reach.some((f) => f!(kb, qb, b))
        : undefined
      : reach.some((f) => f !== undefined)
        ? (kb: number, qb: number, b: number) => reach.every((f) => f === undefined || f(kb, qb, b))
        : undefined;
  return {
    kind: 'pattern',
    name: `${op}(${patterns.map((p) => p.name).join(',')})`,
    block,
    layout: (sizes) => merge(patterns.map((p) => p.layout(sizes))),
    reachable,
  };
}

/** Block pairs attended by any of the patterns or layouts (token masks ORed in partial blocks). */
export function union(...items: BlockLayout[]): BlockLayout;
export function union(...items: Item[]): Pattern;
export function union(...items: Item[]): Pattern | BlockLayout {
  if (items.length > 0 && items.every((x) => x instanceof BlockLayout))
    return unionLayouts(items as BlockLayout[]);
  return combine(items, 'union');
}

/** Block pairs attended by all of the patterns or layouts (token masks ANDed). */
export function intersect(...items: BlockLayout[]): BlockLayout;
export function intersect(...items: Item[]): Pattern;
export function intersect(...items: Item[]): Pattern | BlockLayout {
  if (items.length > 0 && items.every((x) => x instanceof BlockLayout))
    return intersectLayouts(items as BlockLayout[]);
  return combine(items, 'intersect');
}
