import { onScopeDispose, watch, type Ref } from 'vue';
import { useAlertsStore, useTakeoverStore } from '../stores';
import { TakeoverQueue } from './takeover';

/**
 * Feeds the takeover queue from the alerts store: each alert that newly fires while the page watches is
 * offered; the queue moves on with the clock and with every alert change (an acknowledgement from a phone
 * shows at once). Off (`seconds` 0, or a phone layout) it shows nothing.
 */
export function useTakeover(seconds: Ref<number>, enabled: Ref<boolean>, now: Ref<number>): void {
  const alerts = useAlertsStore();
  const takeover = useTakeoverStore();
  let queue = new TakeoverQueue(seconds.value * 1000);
  const lookup = (key: string) => alerts.get(key);
  const advance = () => { takeover.showing = enabled.value ? queue.advance(lookup, Date.now()) : undefined; };

  watch(seconds, (s) => { queue = new TakeoverQueue(s * 1000); advance(); });
  watch(() => alerts.fired, (f) => {
    if (f && enabled.value) queue.offer(f.alert, lookup, Date.now());
    advance();
  });
  watch([() => alerts.list, now, enabled], advance);
  onScopeDispose(() => { takeover.showing = undefined; });
}
