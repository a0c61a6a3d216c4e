// The Impact view (goalLens.impact): for the file in the active editor and each of its parent folders, the goals
// it serves and why (declared paths, history, through the files that depend on it at any distance), its untagged
// share, its dependents (direct and indirect, with the chain that leads to each), and the owner
// roll-up from CODEOWNERS. Also the explorer decorations for files covered by a goal's `paths`.
import { path } from '../nodeAdapter';
import * as vscode from 'vscode';
import { ago } from '../../core/dates';
import { percent } from '../../core/reports/formats';
import type { GoalIndex } from '../../core/index/goalIndex';
import { declaredGoals, type FullImpact } from '../../core/impact/impact';
import { dependentsSummary } from '../../core/impact/render';
import { impactDataFor } from '../../git/impactData';
import type { GoalLensModel, RepoState } from '../model/model';
import { readSettings, windowSettings } from '../settings';

export const IMPACT_VIEW_ID = 'goalLens.impact';
export const DECORATIONS_SETTING = 'goalLens.explorerDecorations.enabled';
const BADGE = '◎';

export type ImpactNodeKind = 'scope' | 'goal' | 'reason' | 'untagged' | 'dependents' | 'group' | 'dependent' | 'folder' | 'owners' | 'owner' | 'info';

export interface ImpactNode {
  id: string;
  kind: ImpactNodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** Goal id for goal nodes; reason kind ('declared' | 'history' | 'indirect') for reason nodes. */
  key?: string;
  resourceUri?: vscode.Uri;
  expanded?: boolean;
  children: ImpactNode[];
}

/** Plain snapshot of the tree, for tests: label, description and children of every node. */
export interface ImpactSnapshot {
  label: string;
  description: string;
  kind: ImpactNodeKind;
  children: ImpactSnapshot[];
}

const NO_FILE_ID = 'info:none';
/** Context key of package.json's viewsWelcome for the Impact view. */
const NO_FILE_CONTEXT = 'goalLens.impact.noFile';

const s = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export class ImpactTreeProvider implements vscode.TreeDataProvider<ImpactNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<ImpactNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private roots: ImpactNode[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private updating: Promise<void> = Promise.resolve();
  /** The file the view shows (absolute path), or undefined. */
  currentFile: string | undefined;
  /** No file is open: the view is empty and shows its welcome text. */
  noFile = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** cacheDir: where the index cache lives; the dependency facts are kept beside it. */
  constructor(private readonly model: GoalLensModel, private readonly cacheDir?: string) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      model.onDidChange(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('goalLens.scope')) this.schedule();
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        // A saved source file may add or drop an import: the graph reads that file again (CODEOWNERS is read each time).
        const repo = this.model.repositoryFor(doc.uri);
        if (!repo) return;
        impactDataFor(repo.repo, { cacheDir: this.cacheDir }).invalidateWorkingTree([doc.uri.fsPath]);
        this.schedule();
      }),
    );
    this.schedule(0);
  }

  getTreeItem(node: ImpactNode): vscode.TreeItem {
    const state = node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.kind;
    // The row's icon follows the file's name, but not its decorations: a file URI would paint the row with the
    // file's problems ("1" in red for a type error) and git state, which read as Goal Lens's own findings.
    if (node.resourceUri) item.resourceUri = node.resourceUri.with({ scheme: ROW_SCHEME });
    item.iconPath = icon(node);
    if (node.kind === 'dependent' && node.resourceUri) item.command = { command: 'vscode.open', title: 'Open', arguments: [node.resourceUri] };
    return item;
  }

  getChildren(node?: ImpactNode): ImpactNode[] {
    return node ? node.children : this.roots;
  }

  /** Resolves when the view shows what the active editor holds now (tests, and callers that must wait). */
  async settled(): Promise<void> {
    for (;;) {
      const gen = this.generation;
      if (this.timer) await new Promise((r) => setTimeout(r, 20));
      await this.updating;
      if (gen === this.generation && !this.timer) return;
    }
  }

  snapshot(nodes: ImpactNode[] = this.roots): ImpactSnapshot[] {
    return nodes.map((n) => ({ label: n.label, description: n.description ?? '', kind: n.kind, children: this.snapshot(n.children) }));
  }

  private schedule(delay = 150): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const gen = this.generation;
      this.updating = this.updating.then(() => this.update(gen)).catch(() => undefined);
    }, delay);
  }

  private async update(gen: number): Promise<void> {
    const roots = await this.build().catch((err: unknown) => [info('error', `Impact could not be computed: ${err instanceof Error ? err.message : String(err)}`)]);
    if (gen !== this.generation) return; // a newer request is on its way
    // No file open: an empty tree, so that the view's short welcome text shows instead of a row.
    const noFile = roots.length === 1 && roots[0].id === NO_FILE_ID;
    if (noFile !== this.noFile) {
      this.noFile = noFile;
      void vscode.commands.executeCommand('setContext', NO_FILE_CONTEXT, noFile);
    }
    this.roots = noFile ? [] : roots;
    this._onDidChangeTreeData.fire(undefined);
  }

  private async build(): Promise<ImpactNode[]> {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.uri;
    this.currentFile = uri?.scheme === 'file' ? uri.fsPath : undefined;
    if (!uri || uri.scheme !== 'file') return [info('none', 'Open a file to see the goals it serves.')]; // shown as the view's welcome text
    const repo = this.model.repositoryFor(uri);
    if (!repo) return [info('norepo', 'This file is not in a repository with a goals file.')];
    const index = repo.index;
    if (!index) return [info('loading', repo.error ? `Goal Lens: ${repo.error}` : 'Reading goals and history…')];
    const rel = path.relative(repo.root, uri.fsPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return [info('outside', 'This file is outside the repository.')];
    const scopes: { rel: string; isFolder: boolean }[] = [{ rel, isFolder: false }];
    for (let d = path.posix.dirname(rel); d !== '.' && d !== ''; d = path.posix.dirname(d)) scopes.push({ rel: d, isFolder: true });
    const data = impactDataFor(repo.repo, { cacheDir: this.cacheDir });
    const allRefs = readSettings(vscode.Uri.file(repo.root)).scope === 'allRefs';
    const results = await Promise.all(scopes.map((sc) => data.fullImpact(index, sc.rel, sc.isFolder, { allRefs })));
    const now = new Date();
    return results.map((r, i) => scopeNode(repo, index, r, now, i === 0));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

/** The scheme of the rows' icon URIs: no decoration provider (problems, git, Goal Lens's ◎) answers for it. */
export const ROW_SCHEME = 'goal-lens-impact-row';

function info(id: string, text: string): ImpactNode {
  return { id: `info:${id}`, kind: 'info', label: text, children: [] };
}

function icon(node: ImpactNode): vscode.ThemeIcon | undefined {
  switch (node.kind) {
    case 'scope':
      return undefined; // resourceUri gives the file or folder icon
    case 'goal':
      return new vscode.ThemeIcon('target');
    case 'reason':
      return new vscode.ThemeIcon(node.key === 'declared' ? 'symbol-file' : node.key === 'history' ? 'history' : 'references');
    case 'untagged':
      return new vscode.ThemeIcon('question');
    case 'dependents':
      return new vscode.ThemeIcon('references');
    case 'group':
      return new vscode.ThemeIcon(node.key === 'folders' ? 'folder-library' : node.key === 'direct' ? 'arrow-small-left' : 'type-hierarchy-sub');
    case 'dependent':
      return vscode.ThemeIcon.File;
    case 'folder':
      return vscode.ThemeIcon.Folder;
    case 'owners':
      return new vscode.ThemeIcon('organization');
    case 'owner':
      return new vscode.ThemeIcon('account');
    default:
      return new vscode.ThemeIcon('info');
  }
}

/** The reason texts shown under each goal: "paths src/payments/**", "12 commits, 3 authors, last 2 days ago, 40%". */
export function reasonTexts(r: FullImpact, goalId: string, now: Date): { key: string; label: string; text: string; tooltip?: string }[] {
  const out: { key: string; label: string; text: string; tooltip?: string }[] = [];
  const d = r.declared.find((x) => x.goalId === goalId);
  if (d) out.push({ key: 'declared', label: 'declared', text: `paths ${d.glob}` });
  const h = r.history.find((x) => x.goalId === goalId);
  if (h) out.push({ key: 'history', label: 'history', text: `${s(h.commits, 'commit')}, ${s(h.authors, 'author')}, last ${ago(h.lastCommitAt, now)}, ${percent(h.share)}` });
  const ind = r.indirect.find((x) => x.goalId === goalId);
  if (ind) {
    const names = ind.via.slice(0, 4).map((v) => path.posix.basename(v)).join(', ') + (ind.via.length > 4 ? ` and ${ind.via.length - 4} more` : '');
    out.push({
      key: 'indirect',
      label: 'through importers',
      text: `${s(ind.commits, 'commit')}, distance ${ind.distance}, last ${ago(ind.lastCommitAt, now)}, via ${names}`,
      tooltip: `Tagged commits that changed files depending on ${r.path}, nearest first:\n${ind.via.slice(0, 30).join('\n')}${ind.via.length > 30 ? `\n… and ${ind.via.length - 30} more` : ''}`,
    });
  }
  return out;
}

function scopeNode(repo: RepoState, index: GoalIndex, r: FullImpact, now: Date, expanded: boolean): ImpactNode {
  const id = `scope:${r.path}`;
  const goalIds: string[] = [];
  for (const h of r.history) goalIds.push(h.goalId);
  for (const d of r.declared) if (!goalIds.includes(d.goalId)) goalIds.push(d.goalId);
  for (const d of r.indirect) if (!goalIds.includes(d.goalId)) goalIds.push(d.goalId);
  const children: ImpactNode[] = [];
  for (const goalId of goalIds) {
    const goal = index.goals.get(goalId);
    const reasons = reasonTexts(r, goalId, now);
    const h = r.history.find((x) => x.goalId === goalId);
    const ind = r.indirect.find((x) => x.goalId === goalId);
    // "5 own · 72 through importers": the file's own history and its importers' apart, each with its figure.
    const summary = [h ? `${h.commits} own` : '', ind ? `${ind.commits} through importers` : '', r.declared.some((x) => x.goalId === goalId) ? 'declared' : ''].filter(Boolean).join(' · ');
    children.push({
      id: `${id}:goal:${goalId}`,
      kind: 'goal',
      key: goalId,
      label: goal?.title ?? goalId,
      // Short enough to be read at the default side bar width; the goal's id and the reasons are in the tooltip.
      description: summary,
      tooltip: [`${goal?.title ?? goalId} (${goalId})`, ...reasons.map((x) => `${x.label}: ${x.text}`)].join('\n'),
      children: reasons.map((x) => ({ id: `${id}:goal:${goalId}:${x.key}`, kind: 'reason' as const, key: x.key, label: x.label, description: x.text, tooltip: x.tooltip ?? x.text, children: [] })),
    });
  }
  if (goalIds.length === 0) children.push(info(`${id}:nogoal`, 'Serves no goal yet'));
  if (r.commits > 0) {
    children.push({
      id: `${id}:untagged`,
      kind: 'untagged',
      label: 'Untagged',
      description: `${r.untagged} of ${s(r.commits, 'commit')} (${percent(r.untagged / r.commits)})`,
      tooltip: 'Commits that changed this path and serve no goal.',
      children: [],
    });
  }
  if (r.dependents.length) children.push(dependentsNode(repo, r, id));
  if (r.codeownersPath) {
    children.push({
      id: `${id}:owners`,
      kind: 'owners',
      label: 'Owners',
      description: r.owners.length ? r.owners.join(', ') : 'none',
      tooltip: `From ${r.codeownersPath}`,
      expanded: true,
      children: r.ownerRollup.map((o) => ({
        id: `${id}:owner:${o.owner}`,
        kind: 'owner' as const,
        label: o.owner,
        // Counted like the goal rows above (a commit serving two goals counts in each), from the same commits.
        description: [
          ...o.goals.map((g) => `${g.goalId} ${g.commits} (${percent(g.commits / o.commits)})`),
          ...(o.untagged || !o.goals.length ? [`untagged ${o.untagged} (${percent(o.untaggedShare)})`] : []),
        ].join(', '),
        tooltip: `${o.owner}: ${s(o.commits, 'commit')} on ${s(o.files, 'file')} of ${r.path || '.'}, the commits that changed ${r.path || 'the repository'} and are counted above.`,
        children: [],
      })),
    });
  }
  const total = r.commits ? s(r.commits, 'commit') : 'no commits';
  return {
    id,
    kind: 'scope',
    label: r.isFolder ? `${r.path}/` : path.posix.basename(r.path),
    description: `${r.isFolder ? 'folder' : 'file'} · ${total} · ${s(goalIds.length, 'goal')}`,
    resourceUri: vscode.Uri.file(path.join(repo.root, r.path)),
    expanded,
    children,
  };
}

/** How many dependents each group lists (the rest is one row saying how many more). */
const LISTED = 200;

/** "Dependents": direct ones, indirect ones with their distance and the chain that leads there, and by folder. */
function dependentsNode(repo: RepoState, r: FullImpact, id: string): ImpactNode {
  const fileNode = (d: FullImpact['dependents'][number]): ImpactNode => {
    const chain = d.via.slice(1).map((v) => path.posix.basename(v));
    return {
      id: `${id}:dependent:${d.path}`,
      kind: 'dependent',
      label: path.posix.basename(d.path),
      description: d.distance === 1 ? path.posix.dirname(d.path) : `distance ${d.distance} · via ${chain.join(' ← ')}`,
      tooltip: `${d.path}\n${[...d.via, d.path].join('\n  ← ')}`,
      resourceUri: vscode.Uri.file(path.join(repo.root, d.path)),
      children: [],
    };
  };
  const group = (key: string, label: string, list: FullImpact['dependents']): ImpactNode => ({
    id: `${id}:dependents:${key}`,
    kind: 'group',
    key,
    label,
    description: s(list.length, 'file'),
    children: [
      ...list.slice(0, LISTED).map(fileNode),
      ...(list.length > LISTED ? [info(`${id}:dependents:${key}:more`, `… and ${list.length - LISTED} more (goal-lens impact --format json lists all)`)] : []),
    ],
  });
  const direct = r.dependents.filter((d) => d.distance === 1);
  const indirect = r.dependents.filter((d) => d.distance > 1);
  const children: ImpactNode[] = [];
  if (direct.length) children.push(group('direct', 'Direct', direct));
  if (indirect.length) children.push(group('indirect', 'Indirect', indirect));
  children.push({
    id: `${id}:dependents:folders`,
    kind: 'group',
    key: 'folders',
    label: 'By folder',
    description: s(r.dependentFolders.length, 'folder'),
    children: r.dependentFolders.slice(0, LISTED).map((f) => ({
      id: `${id}:folder:${f.path}`,
      kind: 'folder' as const,
      label: `${f.path}/`,
      description: `${s(f.files, 'file')} · nearest ${f.distance}`,
      resourceUri: vscode.Uri.file(path.join(repo.root, f.path)),
      children: [],
    })),
  });
  return {
    id: `${id}:dependents`,
    kind: 'dependents',
    label: 'Dependents',
    description: dependentsSummary(r),
    tooltip: `Files that depend on ${r.path || 'this folder'}, through every hop (imports, same-package use).`,
    children,
  };
}

/** Badges explorer entries that a goal's `paths` cover, with a tooltip naming the goals. */
export class GoalPathDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly model: GoalLensModel) {
    this.disposables.push(
      model.onDidChange(() => this._onDidChange.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(DECORATIONS_SETTING)) this._onDidChange.fire(undefined);
      }),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    if (!windowSettings().explorerDecorationsEnabled) return undefined;
    const repo = this.model.repositoryFor(uri);
    const index = repo?.index;
    if (!repo || !index) return undefined;
    const rel = path.relative(repo.root, uri.fsPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || rel === '.git' || rel.startsWith('.git/')) return undefined;
    const goals = declaredGoals(index, rel, false);
    if (goals.length === 0) return undefined;
    const names = goals.map((g) => `${index.goals.get(g.goalId)?.title ?? g.goalId} (paths ${g.glob})`);
    return new vscode.FileDecoration(BADGE, `Serves ${names.join('; ')}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this._onDidChange.dispose();
  }
}

/** The registered providers (tests reach them through the extension's exported API). */
export interface ImpactViewApi {
  tree: ImpactTreeProvider;
  decorations: GoalPathDecorations;
}

/** Registers the Impact view and the explorer decorations. One call from activate(). */
export function registerImpactView(context: vscode.ExtensionContext, model: GoalLensModel): ImpactViewApi {
  const tree = new ImpactTreeProvider(model, context.globalStorageUri.fsPath);
  const decorations = new GoalPathDecorations(model);
  context.subscriptions.push(
    tree,
    vscode.window.createTreeView(IMPACT_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
  );
  return { tree, decorations };
}
