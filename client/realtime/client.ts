import type { SubscribeAck } from '../../server/protocol';
import { setReportingCurrency } from '../format';
import type { useAlertsStore, useConnectionStore, useScreenStore, useSourcesStore, useValuesStore } from '../stores';
import type { HubLink, LinkHandlers } from './link';
import { addOffsetSample, mergeSnapshot, offsetFromSamples, planDelta } from './versions';

export interface RealtimeStores {
  values: ReturnType<typeof useValuesStore>;
  connection: ReturnType<typeof useConnectionStore>;
  sources: ReturnType<typeof useSourcesStore>;
  alerts: ReturnType<typeof useAlertsStore>;
  screen: ReturnType<typeof useScreenStore>;
}

export interface RealtimeOptions {
  link: HubLink;
  screenId: string;
  stores: RealtimeStores;
  clock?: () => number;
  /** No heartbeat for this long counts as a lost connection. */
  heartbeatTimeoutMs?: number;
  subscribeTimeoutMs?: number;
  /** Wait before asking again after a failed or refused subscription. */
  retryDelayMs?: number;
}

export interface RealtimeSession {
  /**
   * Shows another screen on the same connection (a playlist's next screen): leaves the old screen's room
   * and subscribes to the new one; the old screen stays up until the new snapshot arrives.
   */
  show(screenId: string): void;
  stop(): void;
}

/**
 * Keeps the stores in step with the hub for one screen: subscribe on every (re)connect, apply deltas by
 * version, fetch a fresh snapshot on a version gap or a new epoch, and notice a connection gone silent.
 */
export function startRealtime(opts: RealtimeOptions): RealtimeSession {
  const { link, stores } = opts;
  const { values, connection } = stores;
  const clock = opts.clock ?? Date.now;
  const heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? 15_000;
  const subscribeTimeoutMs = opts.subscribeTimeoutMs ?? 10_000;
  const retryDelayMs = opts.retryDelayMs ?? 3_000;

  let stopped = false;
  let screenId = opts.screenId;
  let generation = 0; // bumped per connection, so a late ack from an old one is ignored
  let inFlight = false;
  let again = false;
  let lastHeardAt = clock();
  let offsetSamples: number[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function scheduleRetry(ms: number): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(subscribe, ms);
  }

  function applySnapshot(ack: Extract<SubscribeAck, { ok: true }>): void {
    const { snapshot } = ack;
    const sameEpoch = connection.epoch === snapshot.epoch;
    setReportingCurrency(snapshot.currency); // before the values, so amounts are drawn in it from the first
    values.replaceAll(mergeSnapshot(values.byKey, snapshot.metrics, sameEpoch));
    stores.sources.set(snapshot.sources);
    stores.alerts.replaceAll(snapshot.alerts, sameEpoch);
    if (ack.screen) stores.screen.set(ack.screen);
    lastHeardAt = clock();
    connection.markLive(snapshot.epoch, lastHeardAt, snapshot.timezone);
  }

  function subscribe(): void {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    clearTimeout(retryTimer);
    const gen = generation;
    link.subscribe({ screen: screenId }, subscribeTimeoutMs).then(
      (ack) => {
        if (stopped || gen !== generation) return;
        inFlight = false;
        if (ack.ok) applySnapshot(ack);
        else {
          connection.error = ack.error;
          scheduleRetry(retryDelayMs * 10);
        }
        if (again) subscribe();
      },
      () => {
        if (stopped || gen !== generation) return;
        inFlight = false;
        scheduleRetry(retryDelayMs);
      },
    );
  }

  const handlers: LinkHandlers = {
    connect() {
      generation++;
      inFlight = false;
      lastHeardAt = clock();
      subscribe();
    },
    disconnect() {
      connection.markLost(clock());
    },
    metrics(msg) {
      connection.markMessage(clock());
      // Before the snapshot there is nothing to compare versions with; the snapshot will hold these values.
      if (connection.phase !== 'live') return;
      const plan = planDelta(values.get, msg.values);
      values.put(plan.accept);
      if (plan.gap) subscribe();
    },
    heartbeat(msg) {
      lastHeardAt = clock();
      connection.markMessage(lastHeardAt);
      offsetSamples = addOffsetSample(offsetSamples, msg.now, lastHeardAt);
      connection.clockOffsetMs = offsetFromSamples(offsetSamples);
      if (connection.phase === 'live' && msg.epoch !== connection.epoch) subscribe();
    },
    sources(msg) {
      connection.markMessage(clock());
      stores.sources.set(msg.sources);
    },
    alert(msg) {
      connection.markMessage(clock());
      // As for metrics: before the snapshot there is nothing to compare with, and the snapshot holds it.
      if (connection.phase === 'live') stores.alerts.apply(msg.alert);
    },
    phase(msg) {
      connection.markMessage(clock());
      connection.restarting = msg.phase.state === 'restarting'; // the disconnect that follows is a restart, not a fault
    },
    screen(msg) {
      // The edited screen and a snapshot of its keys come together: applied as a subscribe ack is, nothing to ask.
      if (msg.id !== screenId) return;
      connection.markMessage(clock());
      applySnapshot({ ok: true, screen: msg.definition, snapshot: msg.snapshot });
    },
  };

  const watchdog = setInterval(() => {
    if (connection.phase !== 'live' || clock() - lastHeardAt <= heartbeatTimeoutMs) return;
    connection.markLost(clock());
    link.reconnectNow();
  }, 1000);

  link.open(handlers);

  return {
    show(id) {
      if (stopped || id === screenId) return;
      link.unsubscribe?.({ screen: screenId });
      screenId = id;
      generation++; // an ack for the old screen still on its way is ignored
      inFlight = false;
      subscribe();
    },
    stop() {
      stopped = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      link.close();
    },
  };
}
