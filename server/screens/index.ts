export { validateScreen, screenMetrics, withResolvedParams, type FileEntry, type ScreenEntry, type MetricCheck, type ScreenChecks } from './load';
export { validatePlaylist, type PlaylistEntry } from './playlists';
export { createFileSet, createScreenLibrary, loadScreens, type ScreenLibrary } from './library';
export { loadWidgetOptionSchemas, type WidgetOptionSchemas } from './widget-options';
export { screenJsonSchema, playlistJsonSchema } from './json-schema';
// JSON files edited by hand elsewhere (metric definitions) are parsed and watched the same way as screens.
export { parseLocated, type LocatedFile } from './load';
export { watchFolder, type FolderWatch } from './watch';
