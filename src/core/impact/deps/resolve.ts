// From the facts of every source file to the repository files each depends on, by each language's own rules.
// Pure: the parse layer reads the files, go.mod and tsconfig.json; this module only resolves.
import { csDeps, csIndex } from './csharp';
import type { SourceFacts } from './facts';
import { goDeps, goIndex, type GoModule } from './go';
import { jvmDeps, jvmIndex } from './jvm';
import { pyDeps, pyIndex } from './python';
import { tsDeps, type TsConfigPaths } from './tsjs';

export type { GoModule, TsConfigPaths };

export interface ProjectFiles {
  /** go.mod files of the repository. */
  goModules: GoModule[];
  /** tsconfig.json / jsconfig.json `paths` and `baseUrl`. */
  tsConfigs: TsConfigPaths[];
}

/** File -> the repository files it depends on (sorted), for every file that has facts. */
export function resolveDependencies(facts: ReadonlyMap<string, SourceFacts>, files: ReadonlySet<string>, project: ProjectFiles): Map<string, string[]> {
  const langs = new Set([...facts.values()].map((f) => f.lang));
  const jvm = langs.has('java') || langs.has('kotlin') ? jvmIndex(facts) : undefined;
  const cs = langs.has('csharp') ? csIndex(facts) : undefined;
  const go = langs.has('go') ? goIndex(facts, project.goModules) : undefined;
  const py = langs.has('python') ? pyIndex(facts) : undefined;
  const out = new Map<string, string[]>();
  for (const [file, f] of facts) {
    let deps: string[];
    switch (f.lang) {
      case 'java':
      case 'kotlin':
        deps = jvm ? jvmDeps(file, f, jvm) : [];
        break;
      case 'csharp':
        deps = cs ? csDeps(file, f, cs) : [];
        break;
      case 'go':
        deps = go ? goDeps(file, f, go) : [];
        break;
      case 'python':
        deps = py ? pyDeps(file, f, py) : [];
        break;
      case 'ts':
        deps = tsDeps(file, f, files, project.tsConfigs);
        break;
    }
    out.set(file, deps.sort());
  }
  return out;
}
