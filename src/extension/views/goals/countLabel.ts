// A row's commit count leads its label ("110 · Grow online revenue"): at the default side bar width (about 260 px
// for the rows) a title is cut, and the description after it is not shown at all. VS Code's badge holds only two
// characters ("9+" for 110), so the count is text, the same on goal rows and "Untagged work".

/** "110 · Grow online revenue": the count, then the row's title. */
export function countLabel(count: number, title: string): string {
  return `${count} · ${title}`;
}

/** The title of a row whose label {@link countLabel} made (or the label itself). */
export function titleOfLabel(label: string): string {
  const m = /^\d+ · /.exec(label);
  return m ? label.slice(m[0].length) : label;
}
