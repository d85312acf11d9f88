export { validateScreen, screenMetrics, withResolvedParams, type ScreenEntry, type MetricCheck, type ScreenChecks } from './load';
export { validatePlaylist, type PlaylistEntry } from './playlists';
export { createScreenLibrary, loadScreens, type ScreenLibrary } from './library';
export { loadWidgetOptionSchemas, type WidgetOptionSchemas } from './widget-options';
export { screenJsonSchema, playlistJsonSchema } from './json-schema';
export type { FileProblem } from './positions';
// JSON files edited by hand elsewhere (the customer map) are placed and watched the same way as screens.
export { formatProblem, locateJson, type LocatedJson } from './positions';
export { zodProblems } from './load';
export { watchFolder, type FolderWatch } from './watch';
