// Goal Lens dashboard client: draws the dashboard from its JSON data, in the VS Code webview and in the
// standalone HTML report. Bundled by esbuild (with chart.js and dashboard.css) into dist/dashboard.js.
// Every piece of repository text goes into the page through textContent, never as markup.
import css from './dashboard.css';
import { chartBox, chartTheme, cssVar, day, destroyCharts, draw, goalButton, h, labelCells, onBarClick, palette, pct, saveState, state, vscode } from './dom.js';
import { allocationSection, balanceText, effortSection, outcomeEffort } from './people.js';
import { flowSection } from './flow.js';


function injectStyles() {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
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
      saveState();
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
    data.fte ? box(`FTE: ${balanceText(data)}`, data.fte.total.fte.toFixed(2), 'fte') : null,
    t.oneStep !== null && t.oneStep !== undefined && t.untagged ? oneStepBox(t) : null,
    box('flags', data.flags.length, 'flags'),
  );
}

/**
 * "N of M untagged can be tagged in one step", and the way to take that step: in the editor, open triage or accept
 * every sure suggestion (the editor lists them and asks first); in the HTML report, the command that does it.
 */
function oneStepBox(t) {
  const box = h('div', { class: 'gl-total gl-action', 'data-total': 'oneStep' }, h('b', {}, `${t.oneStep} of ${t.untagged}`), 'untagged can be tagged in one step');
  if (vscode) {
    const act = (action) => () => vscode.postMessage({ type: 'oneStep', action });
    box.appendChild(
      h(
        'div',
        { class: 'gl-actions' },
        t.oneStep > 0 ? h('button', { type: 'button', class: 'gl-button', 'data-action': 'accept', onclick: act('accept') }, `Accept ${t.oneStep}…`) : null,
        h('button', { type: 'button', class: 'gl-button gl-secondary', 'data-action': 'triage', onclick: act('triage') }, 'Triage…'),
      ),
    );
  } else if (t.oneStep > 0) {
    box.appendChild(h('div', { class: 'gl-note' }, h('code', {}, 'goal-lens suggest --accept --min-confidence 0.8')));
  }
  return box;
}

const FLAG_NAMES = { stale: 'Stale', 'past-due': 'Past due', 'commitment-overdue': 'Promise overdue', 'no-owner': 'No owner', 'no-advisor': 'No advisor', untagged: 'Untagged work', 'no-delivery': 'No delivery', 'aging-branch': 'Aging branch', 'lead-time-rising': 'Lead time rising' };

/** "What's not working": one entry per goal, its flags inside, the most urgent goal first (the order comes from core). */
function flagsSection(data) {
  const list = h('ul', { class: 'gl-flags' });
  for (const g of data.flagGroups || []) {
    const top = g.flags[0];
    const items = h('ul', { class: 'gl-flag-list' });
    for (const f of g.flags) {
      items.appendChild(h('li', { 'data-flag': f.kind, class: `gl-flag-kind-${f.kind}` }, h('span', { class: 'gl-kind' }, `${FLAG_NAMES[f.kind] || f.kind}:`), h('span', { class: 'gl-reason' }, f.reason)));
    }
    list.appendChild(
      h(
        'li',
        { class: `gl-flag-${top.kind}`, 'data-goal-id': g.goalId || undefined, 'data-flag-group': g.goalId || '(repository)' },
        h('div', { class: 'gl-flag-head' }, g.goalId ? goalButton(g.goalId, g.title) : h('b', {}, g.title), g.goalId ? h('span', { class: 'gl-meta' }, ` · ${g.flags.map((f) => FLAG_NAMES[f.kind] || f.kind).join(', ')}`) : null),
        items,
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
  sec.appendChild(labelCells(table));
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
    const card = h(
      'div',
      { class: 'gl-outcome', 'data-outcome-id': o.id },
      h('div', {}, goalButton(o.id, o.title)),
      h('div', { class: 'gl-meta' }, o.metric),
      h('div', { 'data-field': 'values' }, `baseline ${o.text.baseline} → now ${o.latest ? `${o.text.latest} (${o.latest.date})` : 'not measured'} → target ${o.text.target}`),
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
    const took = outcomeEffort(o);
    if (took) card.appendChild(took);
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
  const heads = ['Goal', 'Status', 'Owner', 'Advisor', 'Commits', 'Incl. sub-goals', 'Share', 'Authors', 'Person-days', 'FTE', 'Last activity', 'Say/do'];
  const table = h('table', { 'data-table': 'goals' }, h('tr', {}, heads.map((t, i) => h('th', { class: i >= 4 && i <= 9 ? 'gl-num' : undefined }, t))));
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
        h('td', { class: 'gl-num', 'data-field': 'personDays' }, String(Math.round(g.effort.personDays * 10) / 10)),
        h('td', { class: 'gl-num', 'data-field': 'fte', 'data-value': String(g.effort.fte) }, g.effort.fte.toFixed(2)),
        h('td', { 'data-field': 'lastCommitAt' }, day(g.lastCommitAt)),
        h('td', { 'data-field': 'sayDo' }, g.sayDo.ratio === null ? 'n/a' : `${g.sayDo.keptOnTime}/${g.sayDo.due} (${pct(g.sayDo.ratio)})`),
      ),
    );
  }
  sec.appendChild(data.goals.length ? labelCells(table) : h('p', { class: 'gl-empty' }, 'goals.yaml lists no goals yet.'));
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
  sec.appendChild(labelCells(table));
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
  const effort = effortSection(data, colors, () => render(state.data));
  const alloc = allocationSection(data, colors);
  const flow = flowSection(data, colors);
  const sayDo = sayDoSection(data);
  const rest = [goalsTable(data), recentSection(data), problemsSection(data)];
  app.appendChild(toolbar(data));
  app.appendChild(totals(data));
  for (const p of parts) app.appendChild(p.sec);
  app.appendChild(effort.sec);
  app.appendChild(h('div', { class: 'gl-grid' }, alloc.sec, sayDo.sec));
  app.appendChild(flow.sec);
  for (const p of rest) if (p.sec) app.appendChild(p.sec);
  // Charts are drawn once their canvases are in the document, so they get their size.
  for (const p of [...parts, effort, alloc, flow, sayDo]) if (p.later) p.later();
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
