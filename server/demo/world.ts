import type { CanonicalRecord } from '../model';
import type { Random } from './random';

/** What a process (orders, tickets, deals) may use of the simulated world. */
export interface World {
  rng: Random;
  now(): number;
  /** Runs `action` `ms` from now. */
  after(ms: number, action: () => void): void;
  /** Runs `action` once `ms` of office time (office-hours.ts) has passed: nights, weekends and holidays do not count. */
  afterOffice(ms: number, action: () => void): void;
  /** A duration with the given mean, shortened by the activity multiplier in force now. */
  duration(meanMs: number): number;
  /** Marks a record as changed so the next `advanceTo` hands it over. */
  changed(record: CanonicalRecord): void;
  /** Schedules arrivals of `perDay` items a day (at speed 1), shaped by the hour of day and weekends. */
  arrivals(perDay: number, create: () => void): void;
  iso(ms?: number): string;
}
