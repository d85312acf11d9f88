import { basename } from 'node:path';
import { playlistSchema, type PlaylistDefinition } from '../protocol';
import { parseLocated, type FileEntry } from './load';
import type { FileProblem } from '../fields';

export type PlaylistEntry = FileEntry<PlaylistDefinition>;

/** Validates one playlist file: its schema, its id against the file name, and that each screen exists. */
export function validatePlaylist(file: string, text: string, screenExists: (id: string) => boolean): PlaylistEntry {
  const { id, json, fail, value: playlist, failed } = parseLocated(file, text, playlistSchema, `playlists/${basename(file)}`);
  if (failed) return failed;
  const problems: FileProblem[] = [];
  if (playlist.id !== id) problems.push(json.at(['id'], `"${playlist.id}" must equal the file name "${id}"`));
  playlist.screens.forEach((s, i) => {
    if (!screenExists(s.screen)) problems.push(json.at(['screens', i, 'screen'], `no screen "${s.screen}" in the screens folder`));
  });
  if (problems.length > 0) return fail(problems);
  return { id, file, valid: true, title: playlist.title, description: playlist.description, definition: playlist };
}
