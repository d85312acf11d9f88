/**
 * The instants of a bench run: the seeded history ends 10 minutes before `now`, and change `c` of `total` happens at
 * `at(c)`, one every `step` ms (at most 500) after it, all before `now`.
 */
export function clock(total: number) {
  const now = Date.now();
  const horizon = now - 10 * 60_000;
  const step = Math.max(1, Math.min(500, Math.floor((now - horizon - 1_000) / total)));
  return { now, horizon, at: (c: number) => new Date(horizon + (c + 1) * step).toISOString() };
}
