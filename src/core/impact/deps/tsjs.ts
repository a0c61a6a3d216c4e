// TypeScript and JavaScript: relative specifiers as before (imports.ts), plus the non-relative ones a tsconfig.json
// (or jsconfig.json) maps: `compilerOptions.paths` patterns, then `baseUrl`. A file uses the nearest config
// above it. Package names that no config maps stay outside the repository. Pure: facts in, edges out.
import { resolveImport, resolveModulePath } from '../imports';
import type { SourceFacts } from './facts';

export interface TsConfigPaths {
  /** Folder of the config file ('' at the root). */
  dir: string;
  /** Repository folder of `baseUrl`, or null when the config sets none. */
  baseUrl: string | null;
  /** `paths` in the config's order: pattern (at most one '*') -> targets, repository-relative (with '*'). */
  paths: { pattern: string; targets: string[] }[];
}

function nearest(configs: readonly TsConfigPaths[], file: string): TsConfigPaths | undefined {
  let best: TsConfigPaths | undefined;
  for (const c of configs) {
    if (c.dir !== '' && !file.startsWith(c.dir + '/')) continue;
    if (!best || c.dir.length > best.dir.length) best = c;
  }
  return best;
}

function stripExt(spec: string): string {
  return spec.replace(/[?#].*$/, '');
}

/** The repository file a non-relative specifier names through the config's `paths` or `baseUrl`, or null. */
export function resolveMapped(spec: string, config: TsConfigPaths | undefined, files: ReadonlySet<string>): string | null {
  if (!config) return null;
  const clean = stripExt(spec);
  // The longest matching prefix wins, as TypeScript does.
  let best: { star: string; targets: string[]; prefix: number } | undefined;
  for (const p of config.paths) {
    const star = p.pattern.indexOf('*');
    if (star < 0) {
      if (p.pattern === clean && (!best || p.pattern.length > best.prefix)) best = { star: '', targets: p.targets, prefix: p.pattern.length };
      continue;
    }
    const pre = p.pattern.slice(0, star);
    const post = p.pattern.slice(star + 1);
    if (clean.length >= pre.length + post.length && clean.startsWith(pre) && clean.endsWith(post) && (!best || pre.length > best.prefix)) {
      best = { star: clean.slice(pre.length, clean.length - post.length), targets: p.targets, prefix: pre.length };
    }
  }
  if (best) {
    for (const t of best.targets) {
      const hit = resolveModulePath(normalise(t.replace('*', best.star)), false, files);
      if (hit) return hit;
    }
  }
  if (config.baseUrl !== null) return resolveModulePath(normalise([config.baseUrl, clean].filter((x) => x).join('/')), false, files);
  return null;
}

/** 'a/./b/../c' -> 'a/c'; '' for the root. */
function normalise(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

export function tsDeps(file: string, f: SourceFacts, files: ReadonlySet<string>, configs: readonly TsConfigPaths[]): string[] {
  const out = new Set<string>();
  const config = nearest(configs, file);
  for (const imp of f.imports) {
    const spec = imp.path;
    const hit = spec.startsWith('.') ? resolveImport(file, spec, files) : resolveMapped(spec, config, files);
    if (hit) out.add(hit);
  }
  out.delete(file);
  return [...out];
}
