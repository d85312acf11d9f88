import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import { useAccessStore } from './store';
import { storedDevice } from './token';

/**
 * With access control on, a page that needs someone signed in sends a stranger to `/login` first. This
 * is only for the user's way around: the hub itself refuses every request and socket without credentials.
 */
export async function guardRoute(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  if (to.meta.public || storedDevice()) return true;
  const me = await useAccessStore().load().catch(() => null);
  if (me?.access && !me.principal) return { path: '/login', query: { next: to.fullPath } };
  return true;
}
