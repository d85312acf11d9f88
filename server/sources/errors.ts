/** Errors a connector throws to tell the scheduler how to treat a failed poll. */

/** The vendor asked us to wait (429 or 503 with Retry-After, or a vendor's own throttle signal). */
export { RetryLaterError } from '../net';

/** The vendor refused our credentials (401, 403 that is not a throttle): retrying will not help until someone fixes them. */
export class AuthError extends Error {
  constructor(message: string) { super(message); this.name = 'AuthError'; }
}

