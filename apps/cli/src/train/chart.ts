/** The learning curve as SVG (plain Vega, headless, as the bench charts): loss and accuracy against step. */
import type { CurvePoint, Evaluation } from '@attnkit/train';
import type * as vega from 'vega';
import { renderSvg } from '../bench/charts.ts';

interface Datum {
  step: number;
  value: number;
  series: string;
}

function spec(title: string, y: string, data: Datum[], domain?: [number, number]): vega.Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: 520,
    height: 260,
    padding: 8,
    title: { text: title },
    data: [{ name: 'points', values: data }],
    scales: [
      {
        name: 'x',
        type: 'linear',
        domain: { data: 'points', field: 'step' },
        range: 'width',
        nice: true,
      },
      {
        name: 'y',
        type: 'linear',
        domain: domain ?? { data: 'points', field: 'value' },
        range: 'height',
        nice: true,
        zero: false,
      },
      {
        name: 'color',
        type: 'ordinal',
        domain: { data: 'points', field: 'series' },
        range: 'category',
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'step' },
      { orient: 'left', scale: 'y', title: y },
    ],
    legends: [{ stroke: 'color', orient: 'right', labelLimit: 300 }],
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'series', data: 'points', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            from: { data: 'series' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'step' },
                y: { scale: 'y', field: 'value' },
                stroke: { scale: 'color', field: 'series' },
                strokeWidth: { value: 1.5 },
              },
            },
          },
        ],
      },
    ],
  } as vega.Spec;
}

/** Training points averaged over windows of `every` steps so a noisy curve stays readable. */
function smooth(
  curve: CurvePoint[],
  key: 'loss' | 'accuracy',
  every: number,
  series: string,
): Datum[] {
  const out: Datum[] = [];
  for (let i = 0; i < curve.length; i += every) {
    const w = curve.slice(i, i + every);
    out.push({
      step: w[w.length - 1].step,
      value: w.reduce((s, p) => s + p[key], 0) / w.length,
      series,
    });
  }
  return out;
}

export async function learningCurveSvgs(
  title: string,
  curve: CurvePoint[],
  evaluations: Evaluation[],
): Promise<{ loss: string; accuracy: string }> {
  const every = Math.max(1, Math.floor(curve.length / 200));
  const held = (key: 'loss' | 'accuracy') =>
    evaluations.map((e) => ({ step: e.step, value: e[key], series: 'held-out' }));
  return {
    loss: await renderSvg(
      spec(`${title}: loss`, 'cross-entropy', [
        ...smooth(curve, 'loss', every, 'train'),
        ...held('loss'),
      ]),
    ),
    accuracy: await renderSvg(
      spec(
        `${title}: accuracy`,
        'accuracy',
        [...smooth(curve, 'accuracy', every, 'train'), ...held('accuracy')],
        [0, 1],
      ),
    ),
  };
}
