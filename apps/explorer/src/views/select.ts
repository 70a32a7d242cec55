/**
 * Select: a use case in, `select()` of @attnkit/select out — the ranked configurations with their
 * predicted time, peak memory and quality, and for every family left out the constraint it breaks
 * and by how much. Predictions come from the profile shipped with the package (calibrated on the
 * project's test machine, not this browser's); `attnkit calibrate` makes one for your machine.
 */
import { WORKLOADS } from '@attnkit/metrics';
import {
  formatBytes,
  formatMs,
  formatQuality,
  parseBytes,
  parseMs,
  type Recommendation,
  select,
  type UseCase,
} from '@attnkit/select';

const field = (label: string, input: HTMLElement) => {
  const l = document.createElement('label');
  l.append(`${label} `, input);
  return l;
};

function input(name: string, value: string, type = 'text', width = '7em'): HTMLInputElement {
  const el = document.createElement('input');
  el.name = name;
  el.type = type;
  el.value = value;
  el.style.width = width;
  if (type === 'checkbox') el.checked = value === 'on';
  return el;
}

function choice(name: string, options: readonly string[], initial: string): HTMLSelectElement {
  const el = document.createElement('select');
  el.name = name;
  for (const o of options) el.add(new Option(o, o));
  el.value = initial;
  return el;
}

export function selectView(container: HTMLElement): void {
  const form = document.createElement('form');
  form.className = 'select-form';
  const n = input('n', '32768');
  const nk = input('nk', '');
  nk.placeholder = '= N';
  const heads = input('heads', '1', 'number', '4em');
  const kvHeads = input('kvHeads', '', 'number', '4em');
  const dim = input('dim', '64', 'number', '4em');
  const causal = input('causal', 'on', 'checkbox');
  const mode = choice('mode', ['prefill', 'decode', 'both'], 'prefill');
  const memory = input('memory', '1GiB');
  const latency = input('latency', '');
  latency.placeholder = 'e.g. 200ms';
  const need = choice('need', ['exact', 'max error', 'distance'], 'exact');
  const maxError = input('maxError', '0.1', 'text', '4em');
  const workload = choice(
    'workload',
    WORKLOADS.map((w) => w.name),
    'mixture',
  );
  workload.title = WORKLOADS.map((w) => `${w.name}: ${w.description}`).join('\n');
  const distance = input('distance', '4096');
  const recall = input('recall', '0.9', 'text', '4em');
  const run = document.createElement('button');
  run.type = 'submit';
  run.name = 'select';
  run.textContent = 'Recommend';
  const rows = [
    [
      field('N', n),
      field('Nk', nk),
      field('heads', heads),
      field('kv heads', kvHeads),
      field('head dim', dim),
    ],
    [
      field('causal', causal),
      field('mode', mode),
      field('memory', memory),
      field('latency', latency),
    ],
    [
      field('quality', need),
      field('max error', maxError),
      field('on workload', workload),
      field('distance', distance),
      field('recall ≥', recall),
      run,
    ],
  ].map((controls) => {
    const row = document.createElement('div');
    row.className = 'control-row';
    row.append(...controls);
    return row;
  });
  form.append(...rows);
  const sync = () => {
    maxError.disabled = workload.disabled = need.value !== 'max error';
    distance.disabled = recall.disabled = need.value !== 'distance';
  };
  need.addEventListener('change', sync);
  sync();
  const out = document.createElement('div');
  out.className = 'select-out';
  container.replaceChildren(form, out);

  const useCase = (): UseCase => {
    const int = (el: HTMLInputElement, what: string) => {
      const v = Number(el.value);
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`${what}: expected an integer ≥ 1, got "${el.value}"`);
      return v;
    };
    const u: UseCase = {
      queryLength: int(n, 'N'),
      heads: int(heads, 'heads'),
      headDim: int(dim, 'head dim'),
      causal: causal.checked || mode.value !== 'prefill',
      mode: mode.value as UseCase['mode'],
    };
    if (nk.value.trim()) u.keyLength = int(nk, 'Nk');
    if (mode.value === 'decode') {
      u.keyLength = u.keyLength ?? u.queryLength;
      u.queryLength = 1;
    }
    if (kvHeads.value.trim()) u.kvHeads = int(kvHeads, 'kv heads');
    if (memory.value.trim()) u.memoryBudget = parseBytes(memory.value, 'memory');
    if (latency.value.trim()) u.latencyBudget = parseMs(latency.value, 'latency');
    if (need.value === 'max error')
      u.quality = { maxError: Number(maxError.value), workload: workload.value };
    else if (need.value === 'distance')
      u.quality = { distance: int(distance, 'distance'), recall: Number(recall.value) };
    else u.quality = { exact: true };
    return u;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    container.dataset.state = 'running';
    const status = document.createElement('p');
    status.className = 'muted';
    status.textContent =
      'predicting… (select() reads ~20 configurations’ cost(); seconds at N = 1M)';
    out.replaceChildren(status);
    // Let the status paint before select() holds the main thread.
    setTimeout(() => {
      try {
        show(out, select(useCase()));
        container.dataset.state = 'done';
      } catch (error) {
        const p = document.createElement('p');
        p.className = 'error';
        p.textContent = error instanceof Error ? error.message : String(error);
        out.replaceChildren(p);
        container.dataset.state = 'failed';
      }
    }, 20);
  });
}

function show(out: HTMLElement, rec: Recommendation): void {
  const prov = rec.profile.provenance;
  const source = document.createElement('p');
  source.className = 'summary';
  source.textContent =
    `Predicted from the shipped default profile: ${prov.machine.cpu}, ${prov.machine.cores} cores, ` +
    `${prov.node}, ${prov.backend}, ${prov.date.slice(0, 10)} — not this browser's machine; ` +
    '`attnkit calibrate` measures yours.';
  const parts: HTMLElement[] = [source];
  if (rec.candidates.length) {
    const table = document.createElement('table');
    table.className = 'candidates';
    table
      .createTHead()
      .insertRow()
      .append(
        ...['#', 'spec', 'predicted time', 'peak memory', 'quality'].map((t) => {
          const th = document.createElement('th');
          th.textContent = t;
          return th;
        }),
      );
    const body = table.createTBody();
    rec.candidates.forEach((c, i) => {
      const row = body.insertRow();
      row.dataset.spec = c.spec;
      for (const text of [
        String(i + 1),
        c.spec,
        c.predicted.ms === null ? '?' : formatMs(c.predicted.ms),
        formatBytes(c.predicted.peakBytes),
        formatQuality(c.predicted),
      ])
        row.insertCell().textContent = text;
    });
    parts.push(table);
  } else {
    const none = document.createElement('p');
    none.className = 'error';
    none.textContent = 'Nothing meets this case. The nearest miss per family:';
    parts.push(none);
  }
  if (rec.excluded.length) {
    const heading = document.createElement('h3');
    heading.textContent = rec.candidates.length ? 'Left out' : 'Nearest misses';
    const list = document.createElement('ul');
    list.className = 'excluded';
    for (const e of rec.excluded) {
      const li = document.createElement('li');
      li.dataset.family = e.family;
      const name = document.createElement('strong');
      name.textContent = `${e.family}: `;
      li.append(name, e.reason);
      list.append(li);
    }
    parts.push(heading, list);
  }
  out.replaceChildren(...parts);
}
