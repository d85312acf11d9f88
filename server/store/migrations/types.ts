import type { Database } from 'better-sqlite3';

/** A dated, forward-only schema change. */
export interface Migration { id: string; up(db: Database): void }
