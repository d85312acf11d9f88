import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DeviceCommand, DeviceReport, MeAnswer } from '../../server/protocol';
import { fetchMe } from './api';

/**
 * Who this browser is to the hub (`GET /api/auth/me`, asked once), and, on a paired display, the commands
 * the hub sends it and the way to report back over the wall's own socket.
 */
export const useAccessStore = defineStore('access', () => {
  const me = shallowRef<MeAnswer | null>(null);
  let asking: Promise<MeAnswer> | null = null;
  /** The last command to this display, numbered so the same command twice is seen twice. */
  const command = shallowRef<{ seq: number; msg: DeviceCommand } | null>(null);
  /** The hub refused this browser's socket (a revoked display, an expired session). */
  const refused = ref<string | null>(null);
  let reporter: ((body: DeviceReport) => Promise<unknown>) | null = null;
  /** Counts the socket's connections: a display reports at once on each. */
  const connections = ref(0);

  /** Asks the hub once; `fresh` asks again (after signing in or out). */
  function load(fresh = false): Promise<MeAnswer> {
    if (fresh || !asking) asking = fetchMe().then((answer) => (me.value = answer), (err: unknown) => { asking = null; throw err; });
    return asking;
  }
  function receive(msg: DeviceCommand): void { command.value = { seq: (command.value?.seq ?? 0) + 1, msg }; }
  function refuse(message: string): void { refused.value = message; }
  function bindReporter(send: ((body: DeviceReport) => Promise<unknown>) | null): void {
    reporter = send;
    if (send) connections.value++;
  }
  /** Sends a report; resolves with its round trip in ms, or undefined while no socket is up. */
  async function report(body: DeviceReport): Promise<number | undefined> {
    if (!reporter) return undefined;
    const t0 = performance.now();
    await reporter(body);
    return performance.now() - t0;
  }

  return { me, load, command, refused, connections, receive, refuse, bindReporter, report };
});
