import { Counter, Gauge, type Registry } from 'prom-client';
import type { DropReason, RefusalReason } from './server';

const DROP_REASONS: readonly DropReason[] = ['slow_reader', 'session_ended'];
const REFUSAL_REASONS: readonly RefusalReason[] = ['too_many_keys', 'rate_limited'];

/** The realtime room's own health on `GET /metrics`, in the hub's registry: sockets dropped, subscriptions refused, keys kept. */
export function registerRealtimeMetrics(registry: Registry, deps: { keys(): number }) {
  const registers = [registry];
  const dropped = new Counter({ name: 'opswall_socket_dropped_total', labelNames: ['reason'], registers,
    help: 'Sockets the hub dropped: slow_reader (unsent data past access.sockets.max_buffer), session_ended (idle or absolute limit).' });
  const refused = new Counter({ name: 'opswall_socket_subscriptions_refused_total', labelNames: ['reason'], registers,
    help: 'Subscriptions refused by a socket limit: too_many_keys (access.sockets.max_keys), rate_limited (access.sockets.new_keys_per_minute).' });
  const evicted = new Counter({ name: 'opswall_metric_keys_evicted_total', registers,
    help: 'Metric keys forgotten after nobody watched them for access.sockets.unwatched_key_grace.' });
  new Gauge({ name: 'opswall_metric_keys', registers,
    help: 'Metric keys computed now: screens\', threshold rules\', subscribed ones, and unwatched ones within their grace.',
    collect() { this.set(deps.keys()); } });
  for (const reason of DROP_REASONS) dropped.inc({ reason }, 0);
  for (const reason of REFUSAL_REASONS) refused.inc({ reason }, 0);
  return {
    dropped: (reason: DropReason) => dropped.inc({ reason }),
    refused: (reason: RefusalReason) => refused.inc({ reason }),
    evicted: () => evicted.inc(),
  };
}
