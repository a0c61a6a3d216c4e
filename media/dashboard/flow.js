// The dashboard's Flow section (issue 25): deliveries per week, each goal's lead time (median and 85th
// percentile) and its work in progress with ages, aging flagged. The figures come with the data (core).
import { chartBox, colorFor, cssVar, day, draw, goalButton, h, labelCells, onBarClick } from './dom.js';

const DAY = 86_400;

function daysOf(seconds) {
  return seconds === null ? null : Math.round((seconds / DAY) * 10) / 10;
}

export function flowSection(data, colors) {
  const sec = h('section', { class: 'gl-card', id: 'gl-flow' }, h('h2', {}, 'Flow: how work reaches the default branch'));
  const f = data.flow;
  if (!f || !f.known) {
    sec.appendChild(h('p', { class: 'gl-empty' }, f ? 'The default branch is not in the indexed history, so no delivery is known.' : 'Deliveries were not read for this page.'));
    return { sec };
  }
  const t = f.totals;
  sec.appendChild(
    h('p', { class: 'gl-note', 'data-field': 'flowTotals' },
      `${t.deliveries.toLocaleString('en-US')} ${t.deliveries === 1 ? 'delivery' : 'deliveries'} in this window; ${t.openBranches} open goal branch${t.openBranches === 1 ? '' : 'es'}, ${t.aging} aging (no commit for ${f.agingAfterDays} days or more). Definitions: docs/flow.md.`),
  );
  const laters = [];
  if (f.weeks.length) {
    const { box, canvas } = chartBox('deliveries');
    canvas.setAttribute('aria-label', 'Stacked bar chart of deliveries to the default branch per week per goal');
    sec.appendChild(h('h3', {}, 'Deliveries per week'));
    sec.appendChild(box);
    if (f.truncated) sec.appendChild(h('p', { class: 'gl-note' }, `Showing the latest ${f.weeks.length} weeks.`));
    laters.push(() =>
      draw('deliveries', canvas, {
        type: 'bar',
        data: {
          labels: f.weeks,
          datasets: f.series.map((s, i) => ({ label: s.label, goalId: s.id, data: s.counts, backgroundColor: colorFor(i, s.untagged, colors), borderColor: colorFor(i, s.untagged, colors) })),
        },
        options: {
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'deliveries' } } },
          plugins: { legend: { position: 'bottom' } },
          onClick: onBarClick((el, chart) => chart.data.datasets[el.datasetIndex].goalId),
        },
      }),
    );
  }
  const measured = f.goals.filter((g) => g.leadTime.median !== null);
  if (measured.length) {
    const { box, canvas } = chartBox('leadTime', measured.length <= 3);
    canvas.setAttribute('aria-label', 'Bar chart of each goal’s median and 85th-percentile lead time in days');
    sec.appendChild(h('h3', {}, 'Lead time per goal (days)'));
    sec.appendChild(box);
    laters.push(() =>
      draw('leadTime', canvas, {
        type: 'bar',
        data: {
          labels: measured.map((g) => g.title),
          datasets: [
            { label: 'median', data: measured.map((g) => daysOf(g.leadTime.median)), backgroundColor: cssVar('--gl-c1', '#1f6feb') },
            { label: '85th percentile', data: measured.map((g) => daysOf(g.leadTime.p85)), backgroundColor: cssVar('--gl-c4', '#bc4c00') },
          ],
        },
        options: {
          indexAxis: 'y',
          scales: { x: { beginAtZero: true, title: { display: true, text: 'days from first commit to the default branch' } } },
          plugins: { legend: { position: 'bottom' } },
          onClick: onBarClick((el) => measured[el.index].id),
        },
      }),
    );
  }
  if (f.goals.length) {
    const table = h(
      'table',
      { 'data-table': 'flow' },
      h('tr', {}, h('th', {}, 'Goal'), h('th', { class: 'gl-num' }, 'Deliveries'), h('th', { class: 'gl-num' }, 'Per week'), h('th', {}, 'Median lead time'), h('th', {}, '85th percentile'), h('th', {}, 'Median batch'), h('th', {}, 'Last delivery')),
    );
    for (const g of f.goals) {
      table.appendChild(
        h(
          'tr',
          { 'data-flow-id': g.id },
          h('td', {}, goalButton(g.id, g.title)),
          h('td', { class: 'gl-num', 'data-field': 'deliveries' }, String(g.deliveries)),
          h('td', { class: 'gl-num', 'data-field': 'perWeek' }, g.perWeek.toFixed(1)),
          h('td', { 'data-field': 'median' }, g.leadTimeText.median),
          h('td', { 'data-field': 'p85' }, g.leadTimeText.p85),
          h('td', { 'data-field': 'batch' }, g.batch.commits === null ? '-' : `${g.batch.commits} commit${g.batch.commits === 1 ? '' : 's'}${g.batch.files === null ? '' : `, ${g.batch.files} file${g.batch.files === 1 ? '' : 's'}`}`),
          h('td', { 'data-field': 'lastDelivery' }, day(g.lastDeliveryAt)),
        ),
      );
    }
    sec.appendChild(labelCells(table));
  }
  const wip = f.goals.flatMap((g) => g.wip.map((w) => ({ ...w, goalId: g.id, title: g.title })));
  sec.appendChild(h('h3', {}, 'Work in progress'));
  if (!wip.length) sec.appendChild(h('p', { class: 'gl-empty' }, 'No goal branch is waiting to reach the default branch.'));
  else {
    // Aging first, then the oldest.
    wip.sort((a, b) => Number(b.aging) - Number(a.aging) || b.ageDays - a.ageDays);
    const table = h(
      'table',
      { 'data-table': 'wip' },
      h('tr', {}, h('th', {}, 'Branch'), h('th', {}, 'Goal'), h('th', { class: 'gl-num' }, 'Commits'), h('th', { class: 'gl-num' }, 'Age (days)'), h('th', { class: 'gl-num' }, 'Idle (days)'), h('th', {}, 'State')),
    );
    for (const w of wip) {
      table.appendChild(
        h(
          'tr',
          { 'data-branch': w.branch, class: w.aging ? 'gl-aging' : undefined },
          h('td', {}, h('code', {}, w.branch)),
          h('td', {}, goalButton(w.goalId, w.title)),
          h('td', { class: 'gl-num', 'data-field': 'commits' }, String(w.commits)),
          h('td', { class: 'gl-num', 'data-field': 'ageDays' }, String(w.ageDays)),
          h('td', { class: 'gl-num', 'data-field': 'idleDays' }, String(w.idleDays)),
          h('td', { 'data-field': 'state' }, w.aging ? h('span', { class: 'gl-badge gl-bad-badge' }, `aging: no commit for ${w.idleDays} days`) : 'active'),
        ),
      );
    }
    sec.appendChild(labelCells(table));
  }
  return { sec, later: () => laters.forEach((l) => l()) };
}
