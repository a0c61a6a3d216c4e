// Repository paths shared by the impact modules ('/'-separated, relative to the root).

/** Whether `file` is the path or lies under it (folder). '' or '.' is the whole repository. */
export function isUnder(file: string, path: string): boolean {
  if (path === '' || path === '.') return true;
  return file === path || file.startsWith(path + '/');
}
