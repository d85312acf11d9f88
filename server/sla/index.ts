export * from './types';
export { calendarHours, type TimeBase } from './time-base';
export { evaluateClock, elapsedAt, instantAfter, nextHealthChange } from './clock';
export { evaluateTicket, selectPolicy, clockInput, statusTimeline } from './ticket';
export { SlaTracker, type TicketSla } from './tracker';
export { DueIndex } from './due-index';
