export { validateScreen, screenMetrics, withResolvedParams, type FileEntry, type ScreenEntry, type MetricCheck, type ScreenChecks } from './load';
export { validatePlaylist, type PlaylistEntry } from './playlists';
export { createFileSet, createScreenLibrary, loadScreens, type ScreenLibrary } from './library';
export { loadWidgetOptionSchemas, type WidgetOptionSchemas } from './widget-options';
export { screenJsonSchema, playlistJsonSchema } from './json-schema';
export type { FileProblem } from './positions';
// JSON files edited by hand elsewhere (the customer map, metric definitions) are placed and watched the same way as screens.
export { formatProblem, locateJson, type LocatedJson } from './positions';
export { parseLocated, zodProblems, type LocatedFile } from './load';
export { watchFolder, type FolderWatch } from './watch';
