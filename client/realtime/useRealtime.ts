import { onScopeDispose, ref, watch, type Ref } from 'vue';
import { useAlertsStore, useConnectionStore, useScreenStore, useSourcesStore, useValuesStore } from '../stores';
import { startRealtime, type RealtimeSession } from './client';
import { useAccessStore } from '../access/store';
import { createSocketLink, type AccessHooks } from './link';

/** Keeps the stores live for the screen `screenId` while the calling component is mounted; follows changes of it. */
export function useRealtime(screenId: Ref<string>, token?: Ref<string | undefined>): void {
  const stores = { values: useValuesStore(), connection: useConnectionStore(), sources: useSourcesStore(), alerts: useAlertsStore(), screen: useScreenStore() };
  const access = useAccessStore();
  const hooks: AccessHooks = { device: access.receive, refused: access.refuse, reporter: access.bindReporter };
  let session: RealtimeSession | null = null;

  watch(
    [screenId, () => token?.value],
    ([id, tok], previous) => {
      // Another screen with the same token (a playlist turning): same socket, no blank page in between.
      if (session && previous && previous[1] === tok) {
        session.show(id);
        return;
      }
      session?.stop();
      stores.values.clear();
      stores.alerts.clear();
      stores.connection.reset();
      stores.screen.set(null);
      session = startRealtime({ link: createSocketLink(tok, hooks), screenId: id, stores });
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    session?.stop();
    session = null;
  });
}

/**
 * Server-corrected time, ticking on whole seconds so every countdown on the screen changes together.
 * One timer per screen instead of one per widget.
 */
export function useServerNow(): Ref<number> {
  const connection = useConnectionStore();
  const now = ref(Date.now() + connection.clockOffsetMs);
  let interval: ReturnType<typeof setInterval> | undefined;
  const tick = (): void => {
    now.value = Date.now() + connection.clockOffsetMs;
  };
  const align = setTimeout(() => {
    tick();
    interval = setInterval(tick, 1000);
  }, 1000 - ((Date.now() + connection.clockOffsetMs) % 1000));
  watch(() => connection.clockOffsetMs, tick);
  onScopeDispose(() => {
    clearTimeout(align);
    clearInterval(interval);
  });
  return now;
}
