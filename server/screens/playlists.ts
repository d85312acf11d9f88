import { basename } from 'node:path';
import { playlistSchema, type PlaylistDefinition } from '../protocol';
import { zodProblems, type FileEntry } from './load';
import { formatProblem, locateJson, type FileProblem } from './positions';

export type PlaylistEntry = FileEntry<PlaylistDefinition>;

/** Validates one playlist file: its schema, its id against the file name, and that each screen exists. */
export function validatePlaylist(file: string, text: string, screenExists: (id: string) => boolean): PlaylistEntry {
  const id = basename(file, '.json');
  const json = locateJson(text);
  const fail = (problems: FileProblem[]): PlaylistEntry => ({
    id, file, valid: false, problems, error: problems.map((p) => formatProblem(`playlists/${basename(file)}`, p)).join('\n'),
  });
  if (json.syntax.length > 0) return fail(json.syntax);
  const parsed = playlistSchema.safeParse(json.value);
  if (!parsed.success) return fail(zodProblems(json, parsed.error.issues));
  const playlist = parsed.data;
  const problems: FileProblem[] = [];
  if (playlist.id !== id) problems.push(json.at(['id'], `"${playlist.id}" must equal the file name "${id}"`));
  playlist.screens.forEach((s, i) => {
    if (!screenExists(s.screen)) problems.push(json.at(['screens', i, 'screen'], `no screen "${s.screen}" in the screens folder`));
  });
  if (problems.length > 0) return fail(problems);
  return { id, file, valid: true, title: playlist.title, description: playlist.description, definition: playlist };
}
