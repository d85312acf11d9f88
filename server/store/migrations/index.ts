import type { Migration } from './types';
import { initial } from './2026-11-24-initial';
import { slaFinished } from './2026-11-24-sla-finished';
import { alerts } from './2026-11-25-alerts';
import { access } from './2026-11-26-access';
import { outbox } from './2026-11-27-outbox';
import { derivations } from './2026-11-28-derivations';
import { coverage } from './2026-11-29-coverage';
import { recordsByAccount } from './2026-12-07-records-by-account';

/** Every migration in the order it is applied; ids are dated so the order is also the sort order. */
export const MIGRATIONS: readonly Migration[] = [initial, slaFinished, alerts, access, outbox, derivations, coverage, recordsByAccount];
export type { Migration };
