// "Who is on board" (issue 25 item 3): each team's linked share by month, so a lead sees which teams tag their work
// and which do not yet. The figures come with the data (core, the same as `report --by team`); the table carries
// them for keyboard and screen-reader users.
import { chartBox, colorFor, draw, h, labelCells, pct } from './dom.js';

const BASIS = { 'team-map': 'goals.yaml teams', codeowners: 'CODEOWNERS owners of the changed files', authors: 'authors (no teams or CODEOWNERS found)' };

export function onBoardSection(data, colors) {
  const sec = h('section', { class: 'gl-card', id: 'gl-onboard' }, h('h2', {}, 'Who is on board: linked share per team'));
  const o = data.onBoard;
  if (!o || !o.teams.length) {
    // In the editor the teams are read in the background (CODEOWNERS, each commit's files) and sent when ready.
    const st = data.onBoardState;
    const text = o ? 'No commits in this window.' : st && st.reading ? 'Reading teams…' : st && st.error ? `Teams could not be read: ${st.error}` : 'Teams were not read for this page.';
    sec.appendChild(h('p', { class: 'gl-empty', 'data-state': o ? 'empty' : st && st.reading ? 'reading' : 'missing' }, text));
    return { sec };
  }
  const more = o.moreTeams ? ` Showing the ${o.teams.length} teams with most commits (${o.moreTeams} more: goal-lens report --by team).` : '';
  sec.appendChild(
    h('p', { class: 'gl-note', 'data-field': 'onBoardBasis' },
      `Share of each team's commits that serve a goal (upkeep included), by month. Teams from ${o.from === BASIS[o.basis] ? o.from : `${BASIS[o.basis] ?? o.basis} (${o.from})`}.${more}`),
  );
  const { box, canvas } = chartBox('onBoard');
  canvas.setAttribute('aria-label', 'Line chart of each team’s linked share of commits in percent per month; the table below has the figures');
  sec.appendChild(box);
  if (o.truncated) sec.appendChild(h('p', { class: 'gl-note' }, `Showing the latest ${o.months.length} months.`));
  const table = h(
    'table',
    { 'data-table': 'onBoard' },
    h('tr', {}, h('th', {}, 'Team'), h('th', { class: 'gl-num' }, 'Commits'), h('th', { class: 'gl-num' }, 'Linked'), h('th', { class: 'gl-num' }, 'Linked share')),
  );
  for (const t of o.teams) {
    table.appendChild(
      h(
        'tr',
        { 'data-team': t.team },
        h('td', { 'data-field': 'team' }, t.team),
        h('td', { class: 'gl-num', 'data-field': 'commits' }, String(t.commits)),
        h('td', { class: 'gl-num', 'data-field': 'linked' }, String(t.linked)),
        h('td', { class: 'gl-num', 'data-field': 'share' }, t.share === null ? '-' : pct(t.share)),
      ),
    );
  }
  sec.appendChild(labelCells(table));
  const later = () =>
    draw('onBoard', canvas, {
      type: 'line',
      data: {
        labels: o.months,
        datasets: o.teams.map((t, i) => ({
          label: t.team,
          data: t.percent,
          borderColor: colorFor(i, false, colors),
          backgroundColor: colorFor(i, false, colors),
          // Past the palette's colours, a dashed line tells teams apart.
          borderDash: i >= colors.length ? [6, 4] : undefined,
          spanGaps: false,
          // A 100% point sits on the axis' edge: let it show whole.
          clip: 6,
          tension: 0,
        })),
      },
      options: {
        scales: { y: { min: 0, max: 100, title: { display: true, text: 'linked share (%)' } } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y}%` } } },
      },
    });
  return { sec, later };
}
