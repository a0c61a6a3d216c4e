// The one module of src/extension that imports Node built-ins (lint bans them in the rest of src/extension).
// Git work belongs in src/git; what is left here is path arithmetic and the few file checks the editor makes
// itself. Everything else reads files through GitRepo, src/git, or vscode.workspace.fs.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { parentPort, Worker } from 'worker_threads';

export { path };
/** Heavy derived state (the suggestion model) is built in a worker thread: the extension host's thread stays free. */
export { parentPort, Worker };

/** Whether anything is at `file` (a file, a folder, anything): a folder where a file belongs is then said so by its reader. */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await fsp.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` to `file` (making its folders) unless something is there already: never overwrites. Returns whether it wrote. */
export async function writeNewFile(file: string, text: string): Promise<boolean> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  try {
    await fsp.writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}
