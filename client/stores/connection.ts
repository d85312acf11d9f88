import { defineStore } from 'pinia';
import { ref } from 'vue';

/** connecting: first attempt; live: subscribed with a fresh snapshot; lost: socket down or silent. */
export type ConnectionPhase = 'connecting' | 'live' | 'lost';
export interface ConnectionError { code: string; message: string; path?: string }

/** Connection state and the server clock offset. Times are the browser's own clock (ms). */
export const useConnectionStore = defineStore('connection', () => {
  const phase = ref<ConnectionPhase>('connecting');
  const lastMessageAt = ref<number | null>(null);
  const disconnectedSince = ref<number | null>(null);
  const epoch = ref<string | null>(null);
  /** server clock − browser clock, so ages are right on a TV whose clock is off. */
  const clockOffsetMs = ref(0);
  /** The hub's business time zone (IANA), for clocks and time axes; the browser's until the first snapshot. */
  const timezone = ref<string | undefined>(undefined);
  /** The hub said it is restarting (a stop, an upgrade): the drop that follows is expected, until the next snapshot. */
  const restarting = ref(false);
  /** Set when the hub refuses the subscription (unknown or invalid screen). */
  const error = ref<ConnectionError | null>(null);

  const connected = (): boolean => phase.value === 'live';

  function markMessage(at: number): void {
    lastMessageAt.value = at;
  }
  function markLive(newEpoch: string, at: number, zone?: string): void {
    phase.value = 'live';
    if (zone) timezone.value = zone;
    epoch.value = newEpoch;
    disconnectedSince.value = null;
    error.value = null;
    restarting.value = false;
    lastMessageAt.value = at;
  }
  function markLost(at: number): void {
    if (phase.value === 'lost') return;
    phase.value = 'lost';
    disconnectedSince.value = at;
  }
  function reset(): void {
    phase.value = 'connecting';
    lastMessageAt.value = null;
    disconnectedSince.value = null;
    epoch.value = null;
    error.value = null;
    restarting.value = false;
  }

  return { phase, lastMessageAt, disconnectedSince, epoch, clockOffsetMs, timezone, error, restarting, connected, markMessage, markLive, markLost, reset };
});
