import type { CanonicalRecord } from '../../model';
import { DemoCompany } from '../../demo';
import { z } from 'zod';
import type { Connector } from '../types';
import { defineConnector } from './define';

export interface DemoCursor { start: number; until: number }
export interface DemoConnectorOptions { seed: number; speed: number; history_days: number; timezone: string }

const PAGE = 2_000;
const DAY = 86_400_000;

/**
 * The built-in demo as a source: the simulated company is the "vendor system", polled like any other.
 * The cursor holds the simulation's start and how far it has been stored; after a restart the company is
 * replayed to that point (it is deterministic), so polling continues where it stopped.
 */
export function createDemoConnector(opts: DemoConnectorOptions): Connector<DemoCursor> {
  let company: DemoCompany | undefined;
  let start = 0;
  let stored = 0; // how far the store holds the company's records
  let buffer: CanonicalRecord[] = [];
  let batchTotal = 0;
  let batchUntil = 0;

  return {
    kind: 'demo',
    entities: ['order', 'ticket', 'deal'],
    async poll({ cursor, now }) {
      if (!company) {
        start = cursor?.start ?? now;
        stored = cursor?.until ?? start - opts.history_days * DAY;
        company = new DemoCompany({ seed: opts.seed, speed: opts.speed, historyDays: opts.history_days, start, timezone: opts.timezone });
        company.advanceTo(stored); // replay what the store already holds, discarding it
      }
      if (buffer.length === 0) {
        buffer = company.advanceTo(Math.max(now, stored));
        batchTotal = buffer.length;
        batchUntil = Math.max(now, stored);
      }
      const page = buffer.splice(0, PAGE);
      const more = buffer.length > 0;
      // Until a batch's last page is stored the cursor stays before it, so a crash re-reads the whole batch.
      if (!more) stored = batchUntil;
      return {
        records: page, cursor: { start, until: stored }, more,
        ...(batchTotal > PAGE ? { progress: { done: batchTotal - buffer.length, total: batchTotal } } : {}),
      };
    },
  };
}

/** The demo's options in the config file (`sources[].options` of kind `demo`). */
export const demoOptionsSchema = z.object({
  seed: z.number().int().default(42),
  /** Multiplies the simulated company's activity after start so screens move every few seconds. */
  speed: z.number().min(0.1).max(1000).default(30),
  history_days: z.number().int().min(0).max(90).default(30),
}).strict();

export const demoConnector = defineConnector({
  kind: 'demo', title: 'The built-in simulated company (orders, tickets, deals)', options: demoOptionsSchema, defaultInterval: '2s',
  create: (options, { timezone }) => createDemoConnector({ ...options, timezone }),
});
