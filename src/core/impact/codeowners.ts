// CODEOWNERS: who owns which path. Pure: the text comes in, owners of a repository path come out.
//
// Supported syntax (GitHub and GitLab; the subset both document):
//   - One rule per line: `<pattern> <owner> <owner> ...`. Owners are `@user`, `@org/team` (GitLab also
//     `@group/sub/group`) and e-mail addresses; they are kept as written.
//   - `#` starts a comment at the start of a line, or after whitespace. `\#` is a literal '#' (a pattern that
//     starts with '#'), and `\ ` is a literal space inside a pattern.
//   - Patterns follow .gitignore: a leading `/` anchors to the repository root, and so does a '/' anywhere but
//     at the end; otherwise the pattern matches at any depth (`*.js`, `docs/` = any folder named docs).
//     `*` stays within one segment, `**` crosses segments, `?` is one character, `[a-z]` a class. A pattern that
//     matches a folder owns everything below it (`/build/logs`, `apps/`), except that `dir/*` only owns the
//     direct children of dir (GitHub's documented rule). Negation (`!pattern`) is not supported by either host
//     and is reported as a problem; the line is skipped.
//   - The LAST matching rule wins. A rule with no owners makes the path unowned (GitHub) or gives it the
//     section's default owners (GitLab).
//   - GitLab sections: `[Section]`, `^[Optional section]`, `[Section][2]` (approvals), and default owners after
//     the header: `[Docs] @acme/docs`. Section names are case-insensitive and repeated sections merge. Within
//     each section the last matching rule wins; a path's owners are the union over all sections (the rules
//     before the first header form the unnamed default section).
// Not supported: GitLab's `[Section]` exclusion of paths from an earlier section, and role owners (`@@developer`)
// are kept as plain owner strings.
import { matchGlobOrBelow } from '../links/glob';

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  /** 1-based line in the file. */
  line: number;
}

export interface CodeownersSection {
  /** '' for the rules before the first section header. */
  name: string;
  optional: boolean;
  approvals: number;
  defaultOwners: string[];
  rules: CodeownersRule[];
}

export interface CodeownersProblem {
  line: number;
  message: string;
}

export interface Codeowners {
  file: string;
  sections: CodeownersSection[];
  problems: CodeownersProblem[];
}

export interface OwnerMatch {
  owners: string[];
  /** The winning rule of each section that matched, in section order. */
  rules: CodeownersRule[];
}

/** Where GitHub and GitLab look for the file, in the order they look. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'] as const;

const SECTION = /^(\^)?\[([^\]]+)\](?:\[(\d+)\])?(?:\s+(.*))?$/;

export function parseCodeowners(text: string, file = 'CODEOWNERS'): Codeowners {
  const sections: CodeownersSection[] = [{ name: '', optional: false, approvals: 0, defaultOwners: [], rules: [] }];
  const byName = new Map<string, CodeownersSection>([['', sections[0]]]);
  const problems: CodeownersProblem[] = [];
  let current = sections[0];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const tokens = tokenize(raw);
    if (tokens.length === 0) return;
    const head = SECTION.exec(raw.trim());
    if (head) {
      const name = head[2].trim();
      const key = name.toLowerCase();
      const owners = tokenize(head.at(4) ?? '').map((t) => t.text);
      let s = byName.get(key);
      if (!s) {
        s = { name, optional: head[1] === '^', approvals: head[3] ? Number(head[3]) : 0, defaultOwners: owners, rules: [] };
        byName.set(key, s);
        sections.push(s);
      } else if (owners.length) {
        s.defaultOwners = owners;
      }
      current = s;
      return;
    }
    const [first, ...rest] = tokens;
    if (first.raw.startsWith('!')) {
      problems.push({ line, message: `negated pattern '${first.raw}' is not supported by CODEOWNERS; line skipped` });
      return;
    }
    const bad = rest.find((t) => !isOwner(t.text));
    if (bad) problems.push({ line, message: `'${bad.text}' does not look like an owner (@user, @org/team or an e-mail)` });
    current.rules.push({ pattern: first.text, owners: rest.map((t) => t.text), line });
  });
  return { file, sections, problems };
}

function isOwner(s: string): boolean {
  return /^@[^\s@]+$/.test(s) || /^@@[^\s@]+$/.test(s) || /^[^\s@]+@[^\s@]+$/.test(s);
}

interface Token {
  raw: string;
  text: string;
}

/** Splits a line on whitespace, honouring `\ ` and `\#`, and drops a comment. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let raw = '';
  let text = '';
  const flush = () => {
    if (raw) out.push({ raw, text });
    raw = '';
    text = '';
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      const next = line[i + 1];
      raw += ch + next;
      text += next === ' ' || next === '#' || next === '\t' ? next : ch + next;
      i++;
    } else if (ch === ' ' || ch === '\t') {
      flush();
    } else if (ch === '#' && raw === '') {
      break; // a comment: at the start of the line or after whitespace
    } else {
      raw += ch;
      text += ch;
    }
  }
  flush();
  return out;
}

const compiled = new Map<string, { glob: string; mode: 'self' | 'below' | 'selfOrBelow' }>();

/** A CODEOWNERS pattern as a glob of ours and how it owns a path: itself, what is below it, or either. */
function codeownersGlob(pattern: string): { glob: string; mode: 'self' | 'below' | 'selfOrBelow' } {
  let hit = compiled.get(pattern);
  if (hit) return hit;
  let p = pattern;
  // Braces are literal in CODEOWNERS, but alternation in our glob dialect.
  p = p.replace(/([{}])/g, '\\$1');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (p === '' || p === '**') p = '**';
  else if (!anchored && !p.startsWith('**/')) p = '**/' + p;
  const directChildrenOnly = /(^|\/)\*$/.test(p) && !p.endsWith('**/*') && p !== '**/*';
  // A folder pattern (or any pattern that names a folder) owns everything below it; `dir/*` only direct children.
  hit = { glob: p, mode: directChildrenOnly ? 'self' : dirOnly ? 'below' : 'selfOrBelow' };
  if (compiled.size > 5000) compiled.clear();
  compiled.set(pattern, hit);
  return hit;
}

/**
 * Whether a CODEOWNERS pattern owns a path. CODEOWNERS is repository content: matched by the linear glob machine,
 * never a backtracking regular expression.
 */
export function matchesCodeownersPattern(pattern: string, path: string): boolean {
  const { glob, mode } = codeownersGlob(pattern);
  return matchGlobOrBelow(glob, path.replace(/^\/+/, ''), mode);
}

/** Owners of a repository path ('/'-separated, relative to the root). Last match wins within each section. */
export function ownersOf(codeowners: Codeowners, path: string): OwnerMatch {
  const p = path.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  const owners: string[] = [];
  const rules: CodeownersRule[] = [];
  for (const s of codeowners.sections) {
    for (let i = s.rules.length - 1; i >= 0; i--) {
      const r = s.rules[i];
      if (!matchesCodeownersPattern(r.pattern, p)) continue;
      rules.push(r);
      for (const o of r.owners.length ? r.owners : s.defaultOwners) if (!owners.includes(o)) owners.push(o);
      break;
    }
  }
  return { owners, rules };
}

/** A memoising owner lookup for roll-ups over many files. */
export function ownerLookup(codeowners: Codeowners | null): (path: string) => string[] {
  const cache = new Map<string, string[]>();
  return (path: string) => {
    if (!codeowners) return [];
    let o = cache.get(path);
    if (!o) {
      o = ownersOf(codeowners, path).owners;
      cache.set(path, o);
    }
    return o;
  };
}
