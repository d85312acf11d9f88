import { defineStore } from 'pinia';
import { computed, shallowReactive, shallowRef } from 'vue';
import type { Alert } from '../../server/protocol';

/** Versions of resolved alerts kept to recognise late re-sends; the oldest go first beyond this. */
const RESOLVED_MEMORY = 2000;

/**
 * The hub's open SLA alerts (pending or firing), from the snapshot and then from `alert` events.
 * A message is applied only when its version is newer than the one held for its alert_key, so re-sends
 * and messages that arrive out of order change nothing (docs/alerts.md).
 */
export const useAlertsStore = defineStore('alerts', () => {
  const open = shallowReactive(new Map<string, Alert>());
  // The last version seen of each alert that has resolved since: a late "firing" must not bring it back.
  const resolved = new Map<string, number>();

  const list = computed(() => [...open.values()]);
  /** The last alert that started firing while this page watched (not from a snapshot): what a TV takes over for. */
  const fired = shallowRef<{ alert: Alert; seq: number } | undefined>();
  let seq = 0;

  function versionOf(key: string): number | undefined {
    return open.get(key)?.version ?? resolved.get(key);
  }

  function remember(alert: Alert): void {
    resolved.delete(alert.alert_key);
    resolved.set(alert.alert_key, alert.version);
    if (resolved.size > RESOLVED_MEMORY) resolved.delete(resolved.keys().next().value!);
  }

  /** Applies one `alert` message; says whether it changed anything. */
  function apply(alert: Alert): boolean {
    const held = versionOf(alert.alert_key);
    if (held !== undefined && alert.version <= held) return false;
    const wasFiring = open.get(alert.alert_key)?.state === 'firing';
    if (alert.state === 'resolved') {
      open.delete(alert.alert_key);
      remember(alert);
    } else {
      resolved.delete(alert.alert_key);
      open.set(alert.alert_key, Object.freeze(alert));
      if (alert.state === 'firing' && !wasFiring) fired.value = { alert, seq: ++seq };
    }
    return true;
  }

  /**
   * Makes the store hold the snapshot's open alerts. Within one epoch an alert held at a newer version
   * (a message that overtook the snapshot) is kept; after a hub restart versions restart, so the snapshot wins.
   */
  function replaceAll(alerts: readonly Alert[], sameEpoch: boolean): void {
    if (!sameEpoch) resolved.clear();
    const next = new Map<string, Alert>();
    for (const alert of alerts) {
      if (alert.state === 'resolved') continue;
      const held = sameEpoch ? open.get(alert.alert_key) : undefined;
      const gone = sameEpoch ? resolved.get(alert.alert_key) : undefined;
      if (gone !== undefined && gone > alert.version) continue;
      next.set(alert.alert_key, held && held.version > alert.version ? held : Object.freeze(alert));
    }
    open.clear();
    for (const [key, alert] of next) open.set(key, alert);
  }

  function clear(): void {
    open.clear();
    resolved.clear();
  }

  /** The open alert of this key, at its newest version. */
  const get = (key: string): Alert | undefined => open.get(key);

  return { open, list, fired, get, apply, replaceAll, clear };
});
