import { z } from 'zod';

// Imported first by main.ts, before any schema exists: zod decides at each schema's creation whether to
// compile a fast parser with `new Function`, probing for it. The hub's Content-Security-Policy allows no
// eval, so the probe would only be a refused script; zod is told to stay interpreted.
z.config({ jitless: true });
