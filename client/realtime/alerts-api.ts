import { z } from 'zod';

const errorBody = z.object({ error: z.object({ message: z.string() }) });

/** `POST /api/alerts/:key/ack`: acknowledges a firing alert; throws with the hub's message. The `alert` event brings the change to every screen. */
export async function acknowledgeAlert(key: string, by: string): Promise<void> {
  const res = await fetch(`/api/alerts/${encodeURIComponent(key)}/ack`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ by }),
  });
  if (res.ok) return;
  const body = errorBody.safeParse(await res.json().catch(() => null));
  throw new Error(body.success ? body.data.error.message : `HTTP ${res.status}`);
}
