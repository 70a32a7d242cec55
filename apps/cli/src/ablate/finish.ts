/** Everything derived from ablation.json: the CSV, the charts and report.md, each written atomically. */
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic.ts';
import { writeAblationCharts } from './charts.ts';
import { renderCsv } from './csv.ts';
import { renderAblationReport } from './report.ts';
import { type AblationFile, writeAblation } from './results.ts';
import { summarize } from './summarize.ts';

export async function writeOutputs(dir: string, file: AblationFile): Promise<string[]> {
  writeAblation(dir, file);
  writeFileAtomic(path.join(dir, 'ablation.csv'), renderCsv(file));
  const rows = summarize(file);
  const charts = await writeAblationCharts(dir, rows);
  writeFileAtomic(path.join(dir, 'report.md'), renderAblationReport(file, rows, charts));
  return ['ablation.json', 'ablation.csv', 'report.md', ...charts];
}
