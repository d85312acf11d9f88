export * from './types';
export { calendarHours, type TimeBase } from './time-base';
export { evaluateClock, elapsedAt, instantAfter, nextHealthChange } from './clock';
export { evaluateTicket, evaluateUnderPolicy, selectPolicy } from './ticket';
export { businessHours, localToUtc, type BusinessCalendar, type Weekday } from './calendar';
export { cyclesOf, DEFAULT_PAUSES, type Cycle } from './cycles';
export { readHistory, type TicketHistory } from './timeline';
export { SlaTracker, mayHaveLiveClocks, type TicketSla } from './tracker';
export { DueIndex } from './due-index';
