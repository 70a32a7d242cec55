/** The one Markdown table writer of the CLI and the benchmark suites. */

/**
 * A Markdown table padded so it also reads as plain text. `align: 'right'` right-aligns every
 * cell (columns of figures), 'left' (default) left-aligns them.
 */
export function markdownTable(
  header: string[],
  rows: (string | number)[][],
  align: 'left' | 'right' = 'left',
): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c ?? '')))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const pad = (c: string, w: number) => (align === 'right' ? c.padStart(w) : c.padEnd(w));
  const line = (r: string[]) => `| ${r.map((c, i) => pad(c ?? '', widths[i])).join(' | ')} |`;
  return [
    line(cells[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
