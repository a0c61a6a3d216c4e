// Goal Lens dashboard client: draws the dashboard from its JSON data, in the VS Code webview and in the
// standalone HTML report. Bundled by esbuild (with chart.js and dashboard.css) into dist/dashboard.js.
// Every piece of repository text goes into the page through textContent, never as markup.
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
import css from './dashboard.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/* global acquireVsCodeApi */
const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
const UNTAGGED = '(untagged)';
/** Exposed for tests: the data drawn and the Chart.js instances. */
const state = { data: null, charts: {}, window: (vscode && vscode.getState() && vscode.getState().window) || 'all', rendered: 0 };
window.__goalLens = state;

function injectStyles() {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
}

/** Creates an element; string children become text nodes (never parsed as HTML). */
function h(tag, attrs, ...children) {
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

function cssVar(name, fallback) {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

function palette() {
  return ['--gl-c1', '--gl-c2', '--gl-c3', '--gl-c4', '--gl-c5', '--gl-c6'].map((n) => cssVar(n, '#1f6feb'));
}

function pct(share) {
  return `${(share * 100).toFixed(1)}%`;
}

function day(iso) {
  return iso ? iso.slice(0, 10) : '-';
}

function revealGoal(id) {
  if (!id || id === UNTAGGED) return;
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

function goalButton(id, title) {
  return h('button', { class: 'gl-goal', type: 'button', 'data-goal-id': id, title: `Reveal ${id} in the Goals tree`, onclick: () => revealGoal(id) }, title);
}

function destroyCharts() {
  for (const c of Object.values(state.charts)) c.destroy();
  state.charts = {};
}

function chartTheme() {
  Chart.defaults.color = cssVar('--gl-fg', '#1f2328');
  Chart.defaults.borderColor = cssVar('--gl-lines', 'rgba(128,128,128,0.35)');
  Chart.defaults.font.family = cssVar('--gl-font', 'system-ui, sans-serif');
  Chart.defaults.animation = false;
}

function chartBox(key, small) {
  const canvas = h('canvas', { 'data-chart': key, role: 'img' });
  return { box: h('div', { class: small ? 'gl-chart gl-small' : 'gl-chart' }, canvas), canvas };
}

function draw(key, canvas, config) {
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options);
  state.charts[key] = new Chart(canvas, config);
}

function colorFor(index, untagged, colors) {
  return untagged ? cssVar('--gl-untagged', '#8c959f') : colors[index % colors.length];
}

function onBarClick(ids) {
  return (_event, elements, chart) => {
    if (!elements.length) return;
    const el = elements[0];
    const id = ids(el, chart);
    revealGoal(id);
  };
}

// --- sections -------------------------------------------------------------------------------------------------

function toolbar(data) {
  const parts = [];
  if (vscode) {
    const select = h('select', { id: 'gl-window', 'aria-label': 'Time window' });
    // The windows come with the data: the same set as the Goals view's. A window kept from an older page is 'all'.
    if (!(data.windows || []).some((w) => w.key === state.window)) state.window = 'all';
    for (const { key: value, label } of data.windows || []) {
      const opt = h('option', { value }, label.charAt(0).toUpperCase() + label.slice(1));
      if (value === state.window) opt.selected = true;
      select.appendChild(opt);
    }
    select.addEventListener('change', () => {
      state.window = select.value;
      vscode.setState({ window: state.window });
      vscode.postMessage({ type: 'setWindow', window: state.window });
    });
    parts.push(h('label', { for: 'gl-window' }, 'Time window'), select);
    parts.push(h('span', { class: 'gl-meta' }, `${data.repo} at ${data.head ? data.head.slice(0, 12) : 'no commits'}, updated ${data.generatedAt.replace('T', ' ').slice(0, 16)}`));
  }
  return h('div', { class: 'gl-toolbar' }, parts);
}

function totals(data) {
  const t = data.totals;
  const box = (label, value, key) => h('div', { class: 'gl-total', 'data-total': key }, h('b', {}, String(value)), label);
  return h(
    'div',
    { class: 'gl-totals' },
    box('commits in window', t.commits, 'commits'),
    box('linked to a goal', t.linked, 'linked'),
    box('untagged', t.untagged, 'untagged'),
    box('untagged share', pct(t.untaggedShare), 'untaggedShare'),
    t.oneStep !== null && t.oneStep !== undefined && t.untagged ? box('untagged can be tagged in one step', `${t.oneStep} of ${t.untagged}`, 'oneStep') : null,
    box('flags', data.flags.length, 'flags'),
  );
}

function flagsSection(data) {
  const names = { stale: 'Stale', 'past-due': 'Past due', 'commitment-overdue': 'Promise overdue', 'no-owner': 'No owner', 'no-advisor': 'No advisor', untagged: 'Untagged work', 'no-delivery': 'No delivery', 'aging-branch': 'Aging branch', 'lead-time-rising': 'Lead time rising' };
  const list = h('ul', { class: 'gl-flags' });
  for (const f of data.flags) {
    list.appendChild(
      h(
        'li',
        { class: `gl-flag-${f.kind}`, 'data-flag': f.kind, 'data-goal-id': f.goalId || undefined },
        h('span', { class: 'gl-kind' }, `${names[f.kind] || f.kind}:`),
        f.goalId ? goalButton(f.goalId, f.title) : h('span', {}, f.title),
        ' — ',
        h('span', { class: 'gl-reason' }, f.reason),
      ),
    );
  }
  const sec = h(
    'section',
    { class: 'gl-card', id: 'gl-flags' },
    h('h2', {}, "What's not working"),
    data.flags.length ? list : h('p', { class: 'gl-empty' }, 'Nothing flagged: every active goal has recent work, promises are on time, and little work is untagged.'),
  );
  return { sec };
}

function effortSection(data, colors) {
  const sec = h('section', { class: 'gl-card', id: 'gl-effort' }, h('h2', {}, 'Effort over time (commits per goal per week)'));
  const e = data.effort;
  if (!e.weeks.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No commits in this window.'));
    return { sec };
  }
  const { box, canvas } = chartBox('effort');
  canvas.setAttribute('aria-label', 'Stacked bar chart of commits per goal per ISO week, untagged work as its own series');
  sec.appendChild(box);
  if (e.truncated) sec.appendChild(h('p', { class: 'gl-note' }, `Showing the latest ${e.weeks.length} weeks.`));
  sec.appendChild(h('p', { class: 'gl-note' }, 'A commit that serves two goals counts in both.'));
  const later = () =>
    draw('effort', canvas, {
      type: 'bar',
      data: {
        labels: e.weeks,
        datasets: e.series.map((s, i) => ({
          label: s.label,
          goalId: s.id,
          data: s.counts,
          backgroundColor: colorFor(i, s.untagged, colors),
          borderColor: colorFor(i, s.untagged, colors),
        })),
      },
      options: {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'commits' } } },
        plugins: { legend: { position: 'bottom' } },
        onClick: onBarClick((el, chart) => chart.data.datasets[el.datasetIndex].goalId),
      },
    });
  return { sec, later };
}

function allocationSection(data, colors) {
  const sec = h('section', { class: 'gl-card', id: 'gl-allocation' }, h('h2', {}, 'Share of effort (allocation)'));
  const a = data.allocation;
  if (!a.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No commits in this window.'));
    return { sec };
  }
  const { box, canvas } = chartBox('allocation');
  canvas.setAttribute('aria-label', 'Bar chart of each goal’s share of the window’s commits, untagged included');
  sec.appendChild(box);
  const table = h('table', { 'data-table': 'allocation' }, h('tr', {}, h('th', {}, 'Goal'), h('th', { class: 'gl-num' }, 'Commits'), h('th', { class: 'gl-num' }, 'Share')));
  for (const e of a) {
    table.appendChild(
      h(
        'tr',
        { 'data-alloc-id': e.id },
        h('td', {}, e.untagged ? h('span', {}, e.label) : goalButton(e.id, e.label)),
        h('td', { class: 'gl-num', 'data-field': 'commits' }, String(e.commits)),
        h('td', { class: 'gl-num', 'data-field': 'share' }, pct(e.share)),
      ),
    );
  }
  sec.appendChild(table);
  const later = () =>
    draw('allocation', canvas, {
      type: 'bar',
      data: {
        labels: a.map((e) => e.label),
        datasets: [
          {
            label: 'share of commits (%)',
            data: a.map((e) => Math.round(e.share * 1000) / 10),
            backgroundColor: a.map((e, i) => colorFor(i, e.untagged, colors)),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, title: { display: true, text: '% of commits' } } },
        plugins: { legend: { display: false } },
        onClick: onBarClick((el) => a[el.index].id),
      },
    });
  return { sec, later };
}

function sayDoSection(data) {
  const sec = h('section', { class: 'gl-card', id: 'gl-saydo' }, h('h2', {}, 'Say/do: promises kept'));
  const s = data.sayDo;
  if (!s.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No goal lists commitments yet.'));
    return { sec };
  }
  const { box, canvas } = chartBox('sayDo');
  canvas.setAttribute('aria-label', 'Stacked bar chart of commitments kept on time, late and missed per goal');
  sec.appendChild(box);
  const table = h(
    'table',
    { 'data-table': 'saydo' },
    h('tr', {}, h('th', {}, 'Goal'), ...['Due', 'Kept on time', 'Late', 'Missed', 'Ratio'].map((t) => h('th', { class: 'gl-num' }, t))),
  );
  for (const g of s) {
    table.appendChild(
      h(
        'tr',
        { 'data-saydo-id': g.id },
        h('td', {}, goalButton(g.id, g.title)),
        h('td', { class: 'gl-num', 'data-field': 'due' }, String(g.due)),
        h('td', { class: 'gl-num gl-state-kept', 'data-field': 'keptOnTime' }, String(g.keptOnTime)),
        h('td', { class: 'gl-num gl-state-late', 'data-field': 'late' }, String(g.late)),
        h('td', { class: 'gl-num gl-state-missed', 'data-field': 'missed' }, String(g.missed)),
        h('td', { class: 'gl-num', 'data-field': 'ratio' }, g.ratio === null ? 'n/a' : pct(g.ratio)),
      ),
    );
    const open = g.commitments.filter((c) => c.state !== 'undated');
    if (open.length) {
      const items = h('ul', {});
      for (const c of open) {
        items.appendChild(h('li', { class: `gl-state-${c.state}` }, `${c.state}: `, h('span', {}, c.what), ` (due ${c.due}${c.done ? `, done ${c.done}` : ''})`));
      }
      table.appendChild(h('tr', {}, h('td', { colspan: '6', class: 'gl-note' }, items)));
    }
  }
  sec.appendChild(table);
  const later = () =>
    draw('sayDo', canvas, {
      type: 'bar',
      data: {
        labels: s.map((g) => g.title),
        datasets: [
          { label: 'kept on time', data: s.map((g) => g.keptOnTime), backgroundColor: cssVar('--gl-ok', '#1a7f37') },
          { label: 'late', data: s.map((g) => g.late), backgroundColor: cssVar('--gl-warn', '#9a6700') },
          { label: 'missed', data: s.map((g) => g.missed), backgroundColor: cssVar('--gl-bad', '#cf222e') },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
        plugins: { legend: { position: 'bottom' } },
        onClick: onBarClick((el) => s[el.index].id),
      },
    });
  return { sec, later };
}

function outcomesSection(data, colors) {
  const sec = h('section', { class: 'gl-card', id: 'gl-outcomes' }, h('h2', {}, 'Business outcomes'));
  if (!data.outcomes.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No goal states an outcome metric yet.'));
    return { sec };
  }
  const grid = h('div', { class: 'gl-outcomes' });
  const laters = [];
  data.outcomes.forEach((o, i) => {
    const unit = o.unit || '';
    const num = (v) => (v === null || v === undefined ? '-' : `${v}${unit}`);
    const card = h(
      'div',
      { class: 'gl-outcome', 'data-outcome-id': o.id },
      h('div', {}, goalButton(o.id, o.title)),
      h('div', { class: 'gl-meta' }, o.metric),
      h('div', {}, `baseline ${num(o.baseline)} → now ${o.latest ? `${num(o.latest.value)} (${o.latest.date})` : 'not measured'} → target ${num(o.target)}`),
    );
    if (o.progress !== null) {
      const clamped = Math.max(0, Math.min(1, o.progress));
      const bar = h('div', {
        class: 'gl-progress',
        role: 'progressbar',
        'aria-valuemin': '0',
        'aria-valuemax': '100',
        'aria-valuenow': String(Math.round(o.progress * 100)),
        'aria-label': `${o.metric}: ${Math.round(o.progress * 100)}% of the way from baseline to target`,
      });
      const fill = h('div', {});
      fill.style.width = `${(clamped * 100).toFixed(1)}%`;
      bar.appendChild(fill);
      card.appendChild(bar);
      card.appendChild(h('div', { 'data-field': 'progress' }, `${Math.round(o.progress * 100)}% of the way from baseline to target`));
    } else {
      card.appendChild(h('div', { class: 'gl-note', 'data-field': 'progress' }, 'Progress unknown (needs a baseline, a target and a measurement).'));
    }
    if (o.measurements.length) {
      const key = `outcome:${o.id}`;
      const { box, canvas } = chartBox(key, true);
      canvas.setAttribute('aria-label', `Line chart of ${o.metric} measurements with baseline and target`);
      card.appendChild(box);
      // A line needs two points: one measurement sits between two empty slots, so the baseline and target still
      // draw across the chart.
      const single = o.measurements.length === 1;
      const labels = single ? ['', o.measurements[0].date, ''] : o.measurements.map((m) => m.date);
      const values = single ? [null, o.measurements[0].value, null] : o.measurements.map((m) => m.value);
      const flat = (v) => labels.map(() => v);
      const datasets = [{ label: o.metric, data: values, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length] }];
      if (o.baseline !== null) datasets.push({ label: 'baseline', data: flat(o.baseline), borderDash: [4, 4], pointRadius: 0, borderColor: cssVar('--gl-untagged', '#8c959f') });
      if (o.target !== null) datasets.push({ label: 'target', data: flat(o.target), borderDash: [8, 4], pointRadius: 0, borderColor: cssVar('--gl-ok', '#1a7f37') });
      laters.push(() => draw(key, canvas, { type: 'line', data: { labels, datasets }, options: { plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } } }));
    }
    grid.appendChild(card);
  });
  sec.appendChild(grid);
  return { sec, later: () => laters.forEach((f) => f()) };
}

function goalsTable(data) {
  const sec = h('section', { class: 'gl-card', id: 'gl-goals' }, h('h2', {}, 'Goals'));
  const heads = ['Goal', 'Status', 'Owner', 'Advisor', 'Commits', 'Incl. sub-goals', 'Share', 'Authors', 'Last activity', 'Say/do'];
  const table = h('table', { 'data-table': 'goals' }, h('tr', {}, heads.map((t, i) => h('th', { class: i >= 4 && i <= 7 ? 'gl-num' : undefined }, t))));
  for (const g of data.goals) {
    table.appendChild(
      h(
        'tr',
        { 'data-goal-id': g.id },
        h('td', {}, goalButton(g.id, g.title), ' ', h('span', { class: 'gl-id' }, g.id)),
        h('td', {}, g.status + (g.staleness === 'no-work-yet' ? ' (no work yet)' : g.stale ? ' (stale)' : '') + (g.pastDue ? ' (past due)' : '')),
        h('td', {}, g.owner || '—'),
        h('td', {}, g.advisor || '—'),
        h('td', { class: 'gl-num', 'data-field': 'commits' }, String(g.commits)),
        h('td', { class: 'gl-num', 'data-field': 'totalCommits' }, String(g.totalCommits)),
        h('td', { class: 'gl-num', 'data-field': 'share' }, pct(g.share)),
        h('td', { class: 'gl-num', 'data-field': 'authors' }, String(g.authors)),
        h('td', { 'data-field': 'lastCommitAt' }, day(g.lastCommitAt)),
        h('td', { 'data-field': 'sayDo' }, g.sayDo.ratio === null ? 'n/a' : `${g.sayDo.keptOnTime}/${g.sayDo.due} (${pct(g.sayDo.ratio)})`),
      ),
    );
  }
  sec.appendChild(data.goals.length ? table : h('p', { class: 'gl-empty' }, 'goals.yaml lists no goals yet.'));
  return { sec };
}

function recentSection(data) {
  const sec = h('section', { class: 'gl-card', id: 'gl-recent' }, h('h2', {}, 'Latest work in this window'));
  if (!data.recent.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No commits in this window.'));
    return { sec };
  }
  const titles = new Map(data.goals.map((g) => [g.id, g.title]));
  const table = h('table', { 'data-table': 'recent' }, h('tr', {}, h('th', {}, 'Commit'), h('th', {}, 'Subject'), h('th', {}, 'Author'), h('th', {}, 'Date'), h('th', {}, 'Goals')));
  for (const c of data.recent) {
    table.appendChild(
      h(
        'tr',
        { 'data-sha': c.sha },
        h('td', {}, h('code', {}, c.sha.slice(0, 7))),
        h('td', { class: 'gl-subject' }, c.subject),
        h('td', {}, c.author),
        h('td', {}, day(c.time)),
        h('td', {}, c.goals.length ? c.goals.flatMap((id, i) => [i ? ', ' : '', goalButton(id, titles.get(id) || id)]) : h('span', { class: 'gl-empty' }, 'untagged')),
      ),
    );
  }
  sec.appendChild(table);
  return { sec };
}

function problemsSection(data) {
  if (!data.problems.length) return { sec: null };
  const list = h('ul', {});
  for (const p of data.problems) list.appendChild(h('li', {}, `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`));
  return { sec: h('section', { class: 'gl-card', id: 'gl-problems' }, h('h2', {}, 'Problems'), list) };
}

// --- rendering ------------------------------------------------------------------------------------------------

function render(data) {
  const app = document.getElementById('goal-lens-app');
  if (!app || !data) return;
  destroyCharts();
  chartTheme();
  state.data = data;
  app.textContent = '';
  const colors = palette();
  const parts = [
    outcomesSection(data, colors),
    flagsSection(data),
  ];
  const effort = effortSection(data, colors);
  const alloc = allocationSection(data, colors);
  const sayDo = sayDoSection(data);
  const rest = [goalsTable(data), recentSection(data), problemsSection(data)];
  app.appendChild(toolbar(data));
  app.appendChild(totals(data));
  for (const p of parts) app.appendChild(p.sec);
  app.appendChild(effort.sec);
  app.appendChild(h('div', { class: 'gl-grid' }, alloc.sec, sayDo.sec));
  for (const p of rest) if (p.sec) app.appendChild(p.sec);
  // Charts are drawn once their canvases are in the document, so they get their size.
  for (const p of [...parts, effort, alloc, sayDo]) if (p.later) p.later();
  state.rendered++;
  document.body.setAttribute('data-rendered', String(state.rendered));
}

function start() {
  injectStyles();
  const el = document.getElementById('goal-lens-data');
  let initial = null;
  try {
    initial = el ? JSON.parse(el.textContent || 'null') : null;
  } catch {
    initial = null;
  }
  if (initial) render(initial);
  if (vscode) {
    window.addEventListener('message', (event) => {
      const msg = event.data;
      if (msg && msg.type === 'data') render(msg.data);
    });
    vscode.postMessage({ type: 'ready', window: state.window });
    // Re-theme the charts when the VS Code theme changes (it swaps body classes).
    new MutationObserver(() => state.data && render(state.data)).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  } else if (window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => state.data && render(state.data));
  }
}

start();
