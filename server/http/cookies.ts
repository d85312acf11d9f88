import type { Request, Response } from 'express';

export { SESSION_COOKIE, readBearer, readCookie } from '../access';

/**
 * Sets an HttpOnly, SameSite=Lax cookie for the whole site: Lax so that the sign-in page the OpenID provider
 * sends the browser back to still carries it. Secure over HTTPS (`auto`), or always when configured.
 */
export function setCookie(req: Request, res: Response, name: string, value: string, o: { secure: boolean | 'auto'; maxAgeMs?: number }): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: o.secure === 'auto' ? req.secure : o.secure, ...(o.maxAgeMs ? { maxAge: o.maxAgeMs } : {}) });
}

export function clearCookie(res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', path: '/' });
}
