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

/** The indexes of every language, built once from all facts; then each file's dependencies on demand. */
export class Resolver {
  private readonly jvm;
  private readonly cs;
  private readonly go;
  private readonly py;

  constructor(
    facts: ReadonlyMap<string, SourceFacts>,
    private readonly files: ReadonlySet<string>,
    private readonly project: ProjectFiles,
  ) {
    const langs = new Set([...facts.values()].map((f) => f.lang));
    this.jvm = langs.has('java') || langs.has('kotlin') ? jvmIndex(facts) : undefined;
    this.cs = langs.has('csharp') ? csIndex(facts) : undefined;
    this.go = langs.has('go') ? goIndex(facts, project.goModules) : undefined;
    this.py = langs.has('python') ? pyIndex(facts) : undefined;
  }

  /** The repository files `file` depends on, sorted. */
  depsOf(file: string, f: SourceFacts): string[] {
    let deps: string[];
    switch (f.lang) {
      case 'java':
      case 'kotlin':
        deps = this.jvm ? jvmDeps(file, f, this.jvm) : [];
        break;
      case 'csharp':
        deps = this.cs ? csDeps(file, f, this.cs) : [];
        break;
      case 'go':
        deps = this.go ? goDeps(file, f, this.go) : [];
        break;
      case 'python':
        deps = this.py ? pyDeps(file, f, this.py) : [];
        break;
      case 'ts':
        deps = tsDeps(file, f, this.files, this.project.tsConfigs);
        break;
    }
    return deps.sort();
  }
}

/** File -> the repository files it depends on (sorted), for every file that has facts. */
export function resolveDependencies(facts: ReadonlyMap<string, SourceFacts>, files: ReadonlySet<string>, project: ProjectFiles): Map<string, string[]> {
  const resolver = new Resolver(facts, files, project);
  const out = new Map<string, string[]>();
  for (const [file, f] of facts) out.set(file, resolver.depsOf(file, f));
  return out;
}

/**
 * What the resolution of OTHER files reads from a file's facts (its language, package, declared names and
 * namespaces, C# global usings). An edit that keeps it leaves every other file's dependencies as they were:
 * only the edited file's own row is resolved again. Python and TS/JS modules are named by path alone.
 */
export function exportsKey(f: SourceFacts): string {
  if (f.lang === 'python' || f.lang === 'ts') return f.lang;
  const globals = f.imports.filter((i) => i.global).map((i) => `${i.path}=${i.alias ?? ''}${i.static ? 's' : ''}`);
  return [f.lang, f.pkg, f.declares.join(','), f.namespaces.join(','), globals.join(',')].join('\0');
}
