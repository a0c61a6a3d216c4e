// Shared pieces of the dashboard client: the page state, element building (text only, never markup), theme colours
// and Chart.js drawing. Imported by main.js and its sections (people.js, flow.js).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

export { Chart };

/* global acquireVsCodeApi */
export const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
export const UNTAGGED = '(untagged)';
/** Exposed for tests: the data drawn and the Chart.js instances. */
export const state = { data: null, charts: {}, window: (vscode && vscode.getState() && vscode.getState().window) || 'all', unit: (vscode && vscode.getState() && vscode.getState().unit) || 'fte', rendered: 0 };
window.__goalLens = state;

/** Creates an element; string children become text nodes (never parsed as HTML). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

export function cssVar(name, fallback) {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function palette() {
  return ['--gl-c1', '--gl-c2', '--gl-c3', '--gl-c4', '--gl-c5', '--gl-c6'].map((n) => cssVar(n, '#1f6feb'));
}

export function pct(share) {
  return `${(share * 100).toFixed(1)}%`;
}

export function day(iso) {
  return iso ? iso.slice(0, 10) : '-';
}

export function revealGoal(id) {
  // Series that are not goals ('(untagged)', '(upkeep)', '(no goal)') reveal nothing.
  if (!id || id.startsWith('(')) return;
  if (vscode) {
    vscode.postMessage({ type: 'revealGoal', id });
    return;
  }
  const row = document.querySelector(`tr[data-goal-id="${CSS.escape(id)}"]`);
  if (row) {
    row.scrollIntoView({ block: 'center' });
    const button = row.querySelector('button.gl-goal');
    if (button) button.focus();
  }
}

export function goalButton(id, title) {
  return h('button', { class: 'gl-goal', type: 'button', 'data-goal-id': id, title: `Reveal ${id} in the Goals tree`, onclick: () => revealGoal(id) }, title);
}

export function destroyCharts() {
  for (const c of Object.values(state.charts)) c.destroy();
  state.charts = {};
}

export function chartTheme() {
  Chart.defaults.color = cssVar('--gl-fg', '#1f2328');
  Chart.defaults.borderColor = cssVar('--gl-lines', 'rgba(128,128,128,0.35)');
  Chart.defaults.font.family = cssVar('--gl-font', 'system-ui, sans-serif');
  Chart.defaults.animation = false;
}

export function chartBox(key, small) {
  const canvas = h('canvas', { 'data-chart': key, role: 'img' });
  return { box: h('div', { class: small ? 'gl-chart gl-small' : 'gl-chart' }, canvas), canvas };
}

export function draw(key, canvas, config) {
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
  state.charts[key] = new Chart(canvas, config);
}

export function colorFor(index, untagged, colors) {
  return untagged ? cssVar('--gl-untagged', '#8c959f') : colors[index % colors.length];
}

export function onBarClick(ids) {
  return (_event, elements, chart) => {
    if (!elements.length) return;
    const el = elements[0];
    const id = ids(el, chart);
    revealGoal(id);
  };
}


/** Keeps the page's choices (window, unit) across reloads of the webview. */
export function saveState() {
  if (vscode) vscode.setState({ window: state.window, unit: state.unit });
}

/** Labels the cells of a table built row by row (as `table` does), from its first row's headers. */
export function labelCells(el) {
  const heads = Array.from(el.querySelectorAll('tr:first-child th')).map((th) => th.textContent);
  for (const tr of Array.from(el.querySelectorAll('tr')).slice(1)) {
    Array.from(tr.children).forEach((td, i) => {
      if (td.tagName === 'TD' && heads[i] && !td.hasAttribute('colspan')) td.setAttribute('data-label', heads[i]);
    });
  }
  el.classList.add('gl-stack');
  return el;
}
