import { randomBytes, randomUUID } from 'node:crypto';
import type { DeviceTarget, PairingStart, PairingState } from '../protocol';
import { hashSecret, randomSecret, sameSecret } from './secrets';

/** Letters and digits nobody misreads on a TV across the room (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const TTL_MS = 10 * 60_000;
/** Pending pairings held at most: a flood of starts cannot grow the hub's memory. */
const MAX_PENDING = 500;

/** `abcd-efgh`, `ABCD EFGH` → `ABCDEFGH`. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const formatCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH * 2);
  let code = '';
  // Rejection sampling keeps every letter equally likely.
  for (const b of bytes) if (b < 248 && code.length < CODE_LENGTH) code += ALPHABET[b % ALPHABET.length];
  return code.length === CODE_LENGTH ? code : newCode();
}

interface Pending {
  id: string; code: string; secretHash: string; expiresAt: number;
  approved?: { token: string; device: { id: string; name: string; target: DeviceTarget } };
}

/**
 * Pairing requests of TVs, in memory for ten minutes: a TV starts one and shows its code; an admin approves
 * the code; the TV's next poll (with the secret only it holds) takes the device token, once.
 */
export function createPairing(now: () => number) {
  const pending = new Map<string, Pending>();
  const sweep = () => { for (const [id, p] of pending) if (p.expiresAt <= now()) pending.delete(id); };

  return {
    start(): PairingStart {
      sweep();
      if (pending.size >= MAX_PENDING) throw Object.assign(new Error('too many displays are pairing at once: try again in a few minutes'), { code: 'busy' });
      const p: Pending = { id: randomUUID(), code: newCode(), secretHash: '', expiresAt: now() + TTL_MS };
      const secret = randomSecret();
      p.secretHash = hashSecret(secret);
      pending.set(p.id, p);
      return { id: p.id, code: formatCode(p.code), secret, expires_at: new Date(p.expiresAt).toISOString() };
    },
    /** The pairing's state for the TV that started it; undefined when unknown, expired or the secret is wrong. */
    state(id: string, secret: string): PairingState | undefined {
      sweep();
      const p = pending.get(id);
      if (!p || !sameSecret(hashSecret(secret), p.secretHash)) return undefined;
      if (!p.approved) return { state: 'waiting', code: formatCode(p.code), expires_at: new Date(p.expiresAt).toISOString() };
      pending.delete(id); // the token is handed over once
      return { state: 'approved', ...p.approved };
    },
    /** The waiting pairing with this code, if any. */
    byCode(code: string): { id: string } | undefined {
      sweep();
      const wanted = normaliseCode(code);
      for (const p of pending.values()) if (!p.approved && p.code === wanted) return { id: p.id };
      return undefined;
    },
    approve(id: string, approved: NonNullable<Pending['approved']>): void {
      const p = pending.get(id);
      if (p) p.approved = approved;
    },
  };
}
