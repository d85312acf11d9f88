/** What connectors share: the HTTP helpers of the net leaf, and secrets read from the environment. */
export { basicAuth, getJson, HttpError, joinUrl, requestJson, retryAfterMs, type JsonRequest, type JsonResponse } from '../../net';

/**
 * A secret read from the environment variable the config names. Missing or empty is an error naming the
 * variable and the source, raised at poll time so the source shows it on /api/sources.
 */
export function secretFrom(env: NodeJS.ProcessEnv, name: string, sourceId: string): string {
  const value = env[name];
  if (!value) throw new Error(`source "${sourceId}": environment variable ${name} is not set`);
  return value;
}
