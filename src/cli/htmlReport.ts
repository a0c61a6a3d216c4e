// `goal-lens report --format html`: the dashboard as one self-contained HTML file. The client script (chart.js
// bundled) is read from dist/dashboard.js next to the bundled CLI and inlined, so the file opens offline.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { buildDashboardData } from '../core/reports/dashboardData';
import type { GoalIndex } from '../core/index/goalIndex';
import { renderHtmlReport } from '../core/reports/htmlReport';
import type { ReportOptions } from '../core/reports/report';

export const DEFAULT_UNTAGGED_THRESHOLD = 0.2;

/** Where dist/dashboard.js is: next to dist/cli.js, or (compiled tests under out/src/cli) in the repository's dist. */
export function dashboardScriptCandidates(dir = __dirname): string[] {
  return [path.join(dir, 'dashboard.js'), path.resolve(dir, '..', '..', '..', 'dist', 'dashboard.js'), path.resolve(dir, '..', '..', 'dist', 'dashboard.js')];
}

export async function readDashboardScript(): Promise<string> {
  for (const file of dashboardScriptCandidates()) {
    try {
      return await fsp.readFile(file, 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error(`dashboard.js not found (looked in ${dashboardScriptCandidates().join(', ')}); run 'npm run build'`);
}

export async function htmlReport(index: GoalIndex, options: ReportOptions, untaggedThreshold = DEFAULT_UNTAGGED_THRESHOLD): Promise<string> {
  const data = buildDashboardData(index, { ...options, untaggedThreshold });
  return renderHtmlReport(data, { chartScript: await readDashboardScript() });
}
