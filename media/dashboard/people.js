// The dashboard's effort in people-time (issue 24): effort over time and the allocation, in FTE per month with
// commits as a toggle, upkeep and untagged as their own series. Every figure comes with the data (core); the page
// only draws it.
import { chartBox, cssVar, draw, goalButton, h, labelCells, onBarClick, saveState, state } from './dom.js';

const UNITS = { fte: 'FTE', commits: 'Commits' };

function fte(n) {
  return (Math.round(n * 100) / 100).toFixed(2);
}

function days(n) {
  return String(Math.round(n * 10) / 10);
}

/** The colour of a series: outcome goals take the palette, upkeep and untagged their own colours. */
function seriesColor(s, i, colors) {
  if (s.kind === 'untagged') return cssVar('--gl-untagged', '#8c959f');
  if (s.kind === 'upkeep') return cssVar('--gl-upkeep', '#0e7c86');
  return colors[i % colors.length];
}

/** FTE / Commits: one choice for both charts, kept across reloads. */
function unitToggle(rerender) {
  const group = h('div', { class: 'gl-toggle', role: 'group', 'aria-label': 'Measure effort in' });
  for (const [key, label] of Object.entries(UNITS)) {
    group.appendChild(
      h('button', {
        type: 'button',
        'data-unit': key,
        'aria-pressed': state.unit === key ? 'true' : 'false',
        onclick: () => {
          if (state.unit === key) return;
          state.unit = key;
          saveState();
          rerender();
        },
      }, label),
    );
  }
  return group;
}

export function balanceText(data) {
  const b = data.fte.balance;
  return `outcome ${fte(b.outcome.fte)} · upkeep ${fte(b.upkeep.fte)} · untagged ${fte(b.untagged.fte)}`;
}

export function effortSection(data, colors, rerender) {
  const unit = state.unit === 'commits' ? 'commits' : 'fte';
  const m = data.fte.byMonth;
  const title = unit === 'fte' ? 'Effort over time (FTE per month)' : 'Effort over time (commits per month)';
  const sec = h('section', { class: 'gl-card', id: 'gl-effort' }, h('div', { class: 'gl-card-head' }, h('h2', {}, title), unitToggle(rerender)));
  if (!m.months.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No work in this window.'));
    return { sec };
  }
  const { box, canvas } = chartBox('effort');
  canvas.setAttribute('aria-label', `Stacked bar chart of ${unit === 'fte' ? 'FTE' : 'commits'} per month per goal, upkeep and untagged work as their own series`);
  sec.appendChild(box);
  if (m.truncated) sec.appendChild(h('p', { class: 'gl-note' }, `Showing the latest ${m.months.length} months.`));
  sec.appendChild(
    h('p', { class: 'gl-note' }, unit === 'fte'
      ? 'FTE: each person counts at most 1 per month, shared over the goals, upkeep and untagged work of their days (docs/effort.md). Bots are not people.'
      : 'Commits, bots’ included; a commit that serves two goals counts in both.'),
  );
  const later = () =>
    draw('effort', canvas, {
      type: 'bar',
      data: {
        labels: m.months,
        datasets: m.series.map((s, i) => ({
          label: s.label,
          goalId: s.id,
          kind: s.kind,
          data: unit === 'fte' ? s.fte : s.commits,
          backgroundColor: seriesColor(s, i, colors),
          borderColor: seriesColor(s, i, colors),
        })),
      },
      options: {
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: unit === 'fte' ? {} : { precision: 0 }, title: { display: true, text: unit === 'fte' ? 'FTE' : 'commits' } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${unit === 'fte' ? `${fte(c.parsed.y)} FTE` : `${c.parsed.y} commits`}` } },
        },
        onClick: onBarClick((el, chart) => chart.data.datasets[el.datasetIndex].goalId),
      },
    });
  return { sec, later };
}

export function allocationSection(data, colors) {
  const unit = state.unit === 'commits' ? 'commits' : 'fte';
  const a = data.fte.allocation;
  const sec = h('section', { class: 'gl-card', id: 'gl-allocation' }, h('h2', {}, unit === 'fte' ? 'Allocation (FTE in this window)' : 'Allocation (commits in this window)'));
  if (!a.length) {
    sec.appendChild(h('p', { class: 'gl-empty' }, 'No work in this window.'));
    return { sec };
  }
  sec.appendChild(h('p', { class: 'gl-note', 'data-field': 'balance' }, `${fte(data.fte.total.fte)} FTE by ${data.fte.total.people} ${data.fte.total.people === 1 ? 'person' : 'people'}: ${balanceText(data)}.`));
  const { box, canvas } = chartBox('allocation');
  canvas.setAttribute('aria-label', `Bar chart of each goal’s ${unit === 'fte' ? 'FTE' : 'commits'} in the window, upkeep and untagged as their own bars`);
  sec.appendChild(box);
  const table = h(
    'table',
    { 'data-table': 'allocation' },
    h('tr', {}, h('th', {}, 'Goal'), h('th', { class: 'gl-num' }, 'FTE'), h('th', { class: 'gl-num' }, 'Person-days'), h('th', { class: 'gl-num' }, 'Commits'), h('th', { class: 'gl-num' }, 'Share of FTE')),
  );
  for (const e of a) {
    const name = e.kind === 'outcome' ? goalButton(e.id, e.label) : h('span', { class: `gl-series-${e.kind}` }, e.kind === 'upkeep' ? `Upkeep (${e.goals.join(', ')})` : e.label);
    table.appendChild(
      h(
        'tr',
        { 'data-alloc-id': e.id, 'data-kind': e.kind },
        h('td', {}, name),
        h('td', { class: 'gl-num', 'data-field': 'fte' }, fte(e.fte)),
        h('td', { class: 'gl-num', 'data-field': 'personDays' }, days(e.personDays)),
        h('td', { class: 'gl-num', 'data-field': 'commits' }, String(e.commits)),
        h('td', { class: 'gl-num', 'data-field': 'fteShare' }, `${(e.fteShare * 100).toFixed(1)}%`),
      ),
    );
  }
  sec.appendChild(labelCells(table));
  const later = () =>
    draw('allocation', canvas, {
      type: 'bar',
      data: {
        labels: a.map((e) => e.label),
        datasets: [
          {
            label: unit === 'fte' ? 'FTE' : 'commits',
            data: a.map((e) => (unit === 'fte' ? e.fte : e.commits)),
            backgroundColor: a.map((e, i) => seriesColor(e, i, colors)),
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, title: { display: true, text: unit === 'fte' ? 'FTE' : 'commits' } } },
        plugins: { legend: { display: false } },
        onClick: onBarClick((el) => a[el.index].id),
      },
    });
  return { sec, later };
}

/** "12.5 person-days (0.40 FTE), incl. sub-goals, bought +22% of the way to the target": beside an outcome. */
export function outcomeEffort(o) {
  if (!o.effort) return null;
  const e = o.effort;
  const took = `Effort in this window: ${days(e.personDays)} person-days (${fte(e.fte)} FTE)${e.withSubGoals ? ', incl. sub-goals' : ''}`;
  const b = o.bought;
  let got = '';
  if (b && b.progress !== null) {
    const pts = Math.round(b.progress * 100);
    got = `; progress bought: ${pts >= 0 ? '+' : ''}${pts}% of the way to the target${b.from ? ` (since ${b.from.date})` : ' (since the baseline)'}`;
  } else if (e.personDays > 0) got = '; no measurement in this window to tell the progress it bought';
  return h('div', { class: 'gl-note', 'data-field': 'effort' }, took + got + '.');
}
