/**
 * The explorer's shell: six tabs (keyboard: arrows between tabs, Enter/Space or click to
 * open), the shared map settings for Maps and Heads, and the computation that feeds them.
 */
import type { MapResult } from './map-compute.ts';
import { mapControls, settings } from './map-state.ts';
import type { MapsReply } from './maps-worker.ts';
import { hook } from './test-hook.ts';
import { benchView } from './views/bench.ts';
import { renderHeads } from './views/heads.ts';
import { renderMaps } from './views/maps.ts';
import { patternsView } from './views/patterns.ts';
import { resultsView } from './views/results.ts';
import { selectView } from './views/select.ts';

const TABS = ['maps', 'patterns', 'heads', 'benchmark', 'results', 'select'] as const;
type Tab = (typeof TABS)[number];

const tabs = document.getElementById('tabs')!;
const views = document.getElementById('views')!;
const panels = new Map<Tab, HTMLElement>();
const buttons = new Map<Tab, HTMLButtonElement>();
let current: Tab = 'maps';
let result: MapResult | null = null;
let error: string | null = null;
const mapsOut = document.createElement('div');
const headsOut = document.createElement('div');
const controls = mapControls(() => schedule());
const headPicker = document.createElement('label');
const headInput = document.createElement('input');

for (const tab of TABS) {
  const button = document.createElement('button');
  button.textContent = tab[0].toUpperCase() + tab.slice(1);
  button.setAttribute('role', 'tab');
  button.id = `tab-${tab}`;
  button.addEventListener('click', () => show(tab));
  button.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length];
    show(next);
    buttons.get(next)!.focus();
  });
  tabs.append(button);
  buttons.set(tab, button);
  const panel = document.createElement('section');
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', button.id);
  panel.id = `panel-${tab}`;
  views.append(panel);
  panels.set(tab, panel);
}

headInput.type = 'number';
headInput.min = '0';
headInput.value = '0';
headInput.name = 'head';
headPicker.className = 'maps-head';
headPicker.append('show head ', headInput);
headInput.addEventListener('change', () => draw());
patternsView(panels.get('patterns')!);
benchView(panels.get('benchmark')!);
resultsView(panels.get('results')!);
selectView(panels.get('select')!);

function show(tab: Tab): void {
  current = tab;
  for (const [t, panel] of panels) panel.hidden = t !== tab;
  for (const [t, b] of buttons) {
    b.setAttribute('aria-selected', String(t === tab));
    b.tabIndex = t === tab ? 0 : -1;
  }
  // Maps and Heads share one set of controls.
  if (tab === 'maps') panels.get('maps')!.replaceChildren(controls, headPicker, mapsOut);
  if (tab === 'heads') panels.get('heads')!.replaceChildren(controls, headsOut);
  draw();
}

let pending: Promise<void> = Promise.resolve();
let worker: Worker | null = null;
let settle: (() => void) | null = null;

/**
 * Recomputes the maps in a worker; a newer edit stops a computation still running (the exact
 * map of a few thousand tokens takes seconds) and starts its own.
 */
function schedule(): void {
  const status = document.createElement('p');
  status.className = 'muted';
  const gflop = (2 * settings.heads * settings.n ** 3) / 1e9;
  status.textContent =
    `computing ${settings.spec} at N ${settings.n}… (the exact map reads full().weights, ` +
    `≈ ${gflop < 1 ? gflop.toFixed(2) : gflop.toFixed(0)} GFLOP at N³·2·H)`;
  mapsOut.replaceChildren(status);
  headsOut.replaceChildren(status.cloneNode(true));
  if (settle) {
    worker?.terminate();
    worker = null;
    settle();
  }
  worker ??= new Worker(new URL('./maps-worker.ts', import.meta.url), { type: 'module' });
  const running = worker;
  pending = new Promise((resolve) => {
    settle = resolve;
    running.onmessage = (event: MessageEvent<MapsReply>) => {
      if ('result' in event.data) {
        result = event.data.result;
        error = null;
      } else {
        result = null;
        error = event.data.error;
      }
      settle = null;
      draw();
      resolve();
    };
    running.onerror = (event) => {
      result = null;
      error = `the maps worker failed: ${event.message ?? 'it did not load'}`;
      worker = null;
      settle = null;
      draw();
      resolve();
    };
    running.postMessage({ ...settings });
  });
  hook().idle = () => pending;
}

function draw(): void {
  if (current !== 'maps' && current !== 'heads') return;
  const out = current === 'maps' ? mapsOut : headsOut;
  if (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = error;
    out.replaceChildren(p);
    return;
  }
  if (!result) return;
  if (current === 'maps') {
    headInput.max = String(result.settings.heads - 1);
    const head = Math.min(Number(headInput.value) || 0, result.settings.heads - 1);
    renderMaps(mapsOut, result, head);
  } else renderHeads(headsOut, result);
}

document.getElementById('isolation')!.textContent = globalThis.crossOriginIsolated
  ? `cross-origin isolated · ${navigator.hardwareConcurrency} cores`
  : 'not cross-origin isolated: the benchmark pool needs COOP/COEP headers';
hook().settings = settings;
hook().show = show;
show('maps');
schedule();
