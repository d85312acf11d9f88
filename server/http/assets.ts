import type { NextFunction, Request, Response } from 'express';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { sendError } from './errors';

/**
 * `GET /api/screens/assets/<path>`: a file under `screens/assets/`. A path that would leave the folder
 * (`..`, an absolute path, a NUL byte) is refused with 403 before the disk is touched; dot files are not served.
 */
export function sendScreenAsset(assetsDir: string, req: Request, res: Response, next: NextFunction): void {
  const segments = ([] as string[]).concat((req.params as { path?: string | string[] }).path ?? []);
  const wanted = segments.join('/');
  const root = resolve(assetsDir);
  const file = resolve(root, wanted);
  const inside = relative(root, file);
  if (wanted.includes('\0') || isAbsolute(wanted) || inside === '' || inside.startsWith('..') || isAbsolute(inside) || !file.startsWith(root + sep)) {
    return sendError(res, 403, 'forbidden', `asset path "${wanted}" is outside screens/assets`, 'path');
  }
  res.sendFile(file, { dotfiles: 'deny', maxAge: '5m' }, (err?: Error & { status?: number; statusCode?: number }) => {
    if (!err) return;
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    if (status === 404 || status === 403) return sendError(res, 404, 'not_found', `no asset "${wanted}" in screens/assets`);
    next(err);
  });
}
