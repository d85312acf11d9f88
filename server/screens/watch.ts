import { watch, type FSWatcher } from 'node:fs';

export interface FolderWatch { close(): void }

/**
 * Calls `onChange` once things settle after any change in `dir` (not its subfolders). Editors save in
 * several steps (truncate and write, or write a temporary file and rename it over), so events are
 * gathered for `debounceMs` and the caller re-reads the folder rather than trusting event names.
 * Undefined when the folder cannot be watched (it does not exist).
 */
export function watchFolder(dir: string, onChange: () => void, debounceMs = 150, onError: (err: unknown) => void = () => {}): FolderWatch | undefined {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch {
    return undefined; // no such folder (yet)
  }
  watcher.on('error', (err) => {
    watcher.close();
    onError(err); // e.g. the folder was removed
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
