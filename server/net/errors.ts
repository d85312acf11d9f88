/** The other side asked us to wait (429 or 503 with Retry-After, or a vendor's own throttle signal). */
export class RetryLaterError extends Error {
  constructor(message: string, readonly retryAfterMs: number) { super(message); this.name = 'RetryLaterError'; }
}
