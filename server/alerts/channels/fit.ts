import { ChannelError } from './types';

/** Size in UTF-8 bytes, as the vendors count their limits. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Size of a JSON body as sent. */
export const jsonBytes = (body: unknown): number => utf8Bytes(JSON.stringify(body));

/**
 * The rendering of as many alerts as fit in `limit` bytes, cutting whole alerts from the end: `render(k)`
 * renders the first k alerts and says how many more there are. A rendering grows with k, so a binary search
 * finds the largest k that fits in a few renderings.
 */
export function fitAlerts<T>(total: number, limit: number, render: (shown: number) => T, size: (out: T) => number): T {
  const all = render(total);
  if (size(all) <= limit) return all;
  let lo = 0;
  let hi = total - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(render(mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const out = render(lo);
  if (size(out) > limit) throw new ChannelError(`the message is over the vendor's limit of ${limit} bytes even without any alert`, false);
  return out;
}
