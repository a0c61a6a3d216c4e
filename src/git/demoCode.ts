// The code of the demo's repositories: real, compiling TypeScript. Each commit subject names a feature, and a
// commit with that subject adds the feature's function to its file (the first time) or changes it (a tuned
// constant, a longer list), so a line's goal and a file's importers make sense when the code is read.

/** One thing a commit subject says, and the code that does it: `code(v)` is its v-th version (0 = added). */
export interface Feature {
  subject: string;
  code: (v: number) => string;
}

export interface CodeFile {
  path: string;
  /** What the file holds from the first commit: imports, types, the function others import. */
  header: string;
  features: Feature[];
  /** For a file whose features are not blocks one after another (a CI workflow): the whole text at once. */
  whole?: (versions: ReadonlyMap<string, number>) => string;
}

/** The v-th of a list of tuned values, cycling; neighbours differ, so every change is a change. */
export const at = <T>(list: readonly T[], v: number): T => list[v % list.length];
export const first = <T>(list: readonly T[], v: number, from: number): T[] => list.slice(0, from + (v % (list.length - from + 1)));

/** A file's text given how far each of its features has come (absent: not written yet). */
export function render(file: CodeFile, versions: ReadonlyMap<string, number>): string {
  if (file.whole) return file.whole(versions);
  const parts = [file.header.trimEnd()];
  for (const f of file.features) {
    const v = versions.get(f.subject);
    if (v !== undefined) parts.push(f.code(v).trimEnd());
  }
  return `${parts.join('\n\n')}\n`;
}

/** The feature a subject names, and its file. */
export function featureOf(files: readonly CodeFile[], subject: string): { file: CodeFile; feature: Feature } | null {
  for (const file of files) for (const feature of file.features) if (feature.subject === subject) return { file, feature };
  return null;
}

export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "lib": ["ES2022"],
    "types": [],
    "strict": true,
    "noEmit": true
  },
  "include": ["src"]
}
`;
