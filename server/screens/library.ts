import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { MetricParams, MetricRef, PlaylistDefinition, ScreenDefinition } from '../protocol';
import { screenFiles, screenMetrics, validateScreen, withResolvedParams, type MetricCheck, type ScreenChecks, type ScreenEntry } from './load';
import { validatePlaylist, type PlaylistEntry } from './playlists';
import { watchFolder, type FolderWatch } from './watch';

interface Entry<D> { id: string; file: string; valid: boolean; title?: string; description?: string; definition?: D; lastGood?: boolean; error?: string }

/**
 * The JSON files of one folder, validated, each keeping its last good definition: an edit that breaks a
 * file shows the error but leaves what the wall shows alone.
 */
export function createFileSet<D, E extends Entry<D>>(dir: string, validate: (file: string, text: string) => E) {
  const entries = new Map<string, E>();
  const texts = new Map<string, string>();

  function keepLastGood(previous: E | undefined, next: E): E {
    if (next.valid || !previous?.definition) return next;
    return { ...next, title: previous.title, description: previous.description, definition: previous.definition, lastGood: true };
  }

  return {
    /**
     * Re-reads the folder: new, changed and deleted files. `revalidate` checks unchanged files again too
     * (a playlist after the screens changed). Returns the ids whose file changed, and those of them whose
     * served definition changed.
     */
    sync(revalidate = false): { touched: E[]; changed: E[] } {
      const touched: E[] = [];
      const changed: E[] = [];
      const present = new Set<string>();
      for (const name of screenFiles(dir)) {
        const file = join(dir, name);
        const id = basename(name, '.json');
        let text: string;
        try { text = readFileSync(file, 'utf8'); } catch { continue; } // deleted meanwhile: gone at the next sync
        present.add(id);
        if (!revalidate && texts.get(id) === text && entries.has(id)) continue;
        texts.set(id, text);
        const previous = entries.get(id);
        const next = keepLastGood(previous, validate(file, text));
        entries.set(id, next);
        if (!previous || previous.error !== next.error || previous.valid !== next.valid) touched.push(next);
        if (next.definition && JSON.stringify(next.definition) !== JSON.stringify(previous?.definition)) changed.push(next);
      }
      for (const id of [...entries.keys()]) {
        if (!present.has(id)) { entries.delete(id); texts.delete(id); }
      }
      return { touched, changed };
    },
    get: (id: string) => entries.get(id),
    has: (id: string) => entries.has(id),
    list: (): E[] => [...entries.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/**
 * Every screen of a folder, valid or not, sorted by id, read once: the loader the library keeps current,
 * without the watching (the benchmarks read the shipped screens through it).
 */
export function loadScreens(dir: string, checks: ScreenChecks | MetricCheck): ScreenEntry[] {
  const screens = createFileSet<ScreenDefinition, ScreenEntry>(dir, (file, text) => validateScreen(file, text, checks));
  screens.sync();
  return screens.list();
}

export interface ScreenLibraryOptions {
  dir: string;
  checks: ScreenChecks;
  /** The engine's resolve: a served screen gives each widget's metric params as the hub keys them. */
  resolve(ref: MetricRef): { params: MetricParams };
  log: Logger;
  /**
   * Called after the screens folder changed, with the screens whose served definition changed (valid
   * edits only; new screens included). Deleted and newly invalid screens call it with what changed, too.
   */
  onScreensChanged(changed: ScreenDefinition[]): void;
  debounceMs?: number;
}

/**
 * The screens folder and its `playlists/` subfolder, validated and kept current by watching both: a valid
 * edit replaces the served definition and is announced; an invalid one is listed with its problems.
 */
export function createScreenLibrary(opts: ScreenLibraryOptions) {
  const screens = createFileSet<ScreenDefinition, ScreenEntry>(opts.dir, (file, text) => validateScreen(file, text, opts.checks));
  const playlistsDir = join(opts.dir, 'playlists');
  const playlists = createFileSet<PlaylistDefinition, PlaylistEntry>(playlistsDir, (file, text) => validatePlaylist(file, text, screens.has));
  let screensWatch: FolderWatch | undefined;
  let playlistWatch: FolderWatch | undefined;
  let closed = false;

  const report = (kind: string, entries: readonly { id: string; valid: boolean; error?: string; lastGood?: boolean }[]) => {
    for (const e of entries) {
      if (e.valid) opts.log.info({ [kind]: e.id }, `${kind} file loaded`);
      else opts.log.warn({ [kind]: e.id, error: e.error, lastGood: Boolean(e.lastGood) }, `invalid ${kind} file`);
    }
  };

  function syncScreens(): void {
    const before = new Set(screens.list().map((s) => s.id));
    const { touched, changed } = screens.sync();
    report('screen', touched);
    const after = screens.list().map((s) => s.id);
    const idsChanged = after.length !== before.size || after.some((id) => !before.has(id));
    if (touched.length > 0 || changed.length > 0 || idsChanged) opts.onScreensChanged(changed.map((e) => e.definition!));
    watchPlaylists(); // the playlists folder may just have been created
    report('playlist', playlists.sync(idsChanged).touched);
  }

  function watchPlaylists(): void {
    if (playlistWatch || closed) return;
    // When the folder goes away, forget the watch: it is tried again on the next change of the screens folder.
    playlistWatch = watchFolder(playlistsDir, () => report('playlist', playlists.sync().touched), opts.debounceMs, () => { playlistWatch = undefined; });
  }

  screens.sync();
  playlists.sync();
  for (const e of [...screens.list(), ...playlists.list()].filter((x) => !x.valid)) opts.log.warn({ file: e.file, error: e.error }, 'invalid screen file');

  return {
    screens: screens.list,
    screen: (id: string) => screens.get(id),
    /**
     * The screen as walls (`subscribe`, the `screen` event) and `GET /api/screens/:id` are served it, before
     * any scoping: the valid definition, or the last good one, with params resolved; undefined when none.
     */
    served(id: string): ScreenDefinition | undefined {
      const definition = screens.get(id)?.definition;
      if (!definition) return undefined;
      // A last good version can show a metric since removed from the catalogue: it cannot be served any more.
      try { return withResolvedParams(definition, opts.resolve); } catch { return undefined; }
    },
    /**
     * Checks every screen again after the metric catalogue changed (`metricIds` defined anew, changed or removed), and
     * announces the screens whose definition changed and those that show one of those metrics (their params as
     * served may have changed with the definition).
     */
    recheck(metricIds: ReadonlySet<string>): void {
      const { touched, changed } = screens.sync(true);
      report('screen', touched);
      const showing = screens.list().filter((e) => e.definition && !changed.includes(e)
        && screenMetrics(e.definition).some((ref) => metricIds.has(ref.id)));
      opts.onScreensChanged([...changed, ...showing].map((e) => e.definition!));
    },
    playlists: playlists.list,
    playlist: (id: string) => playlists.get(id),
    /** Starts watching the folders (hot reload). */
    watch(): void {
      const warn = (err?: unknown) => opts.log.warn({ err, dir: opts.dir }, 'cannot watch the screens folder: edits need a restart');
      screensWatch = watchFolder(opts.dir, syncScreens, opts.debounceMs, warn);
      if (!screensWatch) warn();
      watchPlaylists();
    },
    close(): void {
      closed = true;
      screensWatch?.close();
      playlistWatch?.close();
      playlistWatch = undefined;
    },
  };
}

export type ScreenLibrary = ReturnType<typeof createScreenLibrary>;
