import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

/** A fresh secret for a cookie or a device token: 256 random bits, URL-safe. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/**
 * How a high-entropy secret (session id, device token) is kept: its SHA-256. A guess costs the same as
 * guessing the secret itself, so a slow hash would only slow every socket connect.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4): above OWASP's minimum. Tests may pass a cheaper cost. */
export const hashPassword = (password: string, cost: { memoryCost?: number; timeCost?: number; parallelism?: number } = {}): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, ...cost });

// Verified against when the user is unknown or has no password, so a wrong name takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `hash`; false (never a throw) for a malformed hash or a missing one. */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomSecret());
  try {
    const ok = await argon2.verify(hash ?? await dummyHash, password);
    return ok && hash !== undefined;
  } catch {
    return false;
  }
}
