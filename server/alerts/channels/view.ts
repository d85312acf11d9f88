import { DateTime } from 'luxon';
import type { AlertNotice, NotificationBatch } from './types';
import { WORDS, type Language, type Words } from './words';

export interface Fact { label: string; value: string }

/**
 * One alert in words, before any vendor's markup. Every string is plain text that each channel escapes
 * for its own format; `url` alone is ready for use (http or https, the characters markup uses encoded).
 */
export interface AlertView {
  status: 'firing' | 'resolved';
  title: string;
  /** The ticket ("zd #4711") or the rule ("Rule orders-stuck"). */
  ref?: string;
  /** What happened: "SLA breached · first_reply_time". */
  what: string;
  facts: Fact[];
  /** acknowledged, resolved (in a firing batch), unconfirmed. */
  marks: string[];
  url?: string;
}

export interface NoticeView {
  status: 'firing' | 'resolved';
  /** "[FIRING] 2 alerts · L1, SLA breached". */
  header: string;
  alerts: AlertView[];
  words: Words;
}

export interface ViewOptions { timezone: string; language: Language }

/** User text goes on one line (a line break could start markup) and is kept short so one alert always fits a message. */
const TITLE_MAX = 200;
const FIELD_MAX = 100;

export function clean(text: string, max = FIELD_MAX): string {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

/** 3900 → "1h 05m"; 45 → "45s"; 600 → "10m"; 90000 → "1d 01h". */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${pad(Math.floor((s % 86_400) / 3600))}h`;
}

/** An ISO instant in the hub's zone, with its offset: "2025-03-10 12:30 +08:00". */
export function localTime(iso: string, timezone: string): string {
  const at = DateTime.fromISO(iso, { setZone: true });
  return at.isValid ? at.setZone(timezone).toFormat('yyyy-MM-dd HH:mm ZZ') : clean(iso);
}

const URL_MAX = 1000;

/** An http(s) link with the characters markdown, Slack and HTML use percent-encoded; undefined for anything else. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > URL_MAX) return undefined;
  let parsed: URL;
  try { parsed = new URL(url); } catch { return undefined; }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(/[()[\]|<>"'`* ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function alertView(a: AlertNotice, batch: NotificationBatch, o: ViewOptions, w: Words): AlertView {
  const { labels: l, annotations: n } = a;
  const fact = (label: string, value: string | undefined) => (value ? [{ label, value: clean(value) }] : []);
  const marks = [
    ...(a.status === 'resolved' && batch.status === 'firing' ? [w.marks.resolved] : []),
    ...(a.acknowledged ? [w.marks.acknowledged] : []),
    ...(a.unconfirmed ? [w.marks.unconfirmed] : []),
  ];
  const url = safeUrl(a.url);
  if (l.rule !== undefined) {
    return {
      status: a.status, title: clean(n.summary ?? n.title ?? l.rule, TITLE_MAX), ref: clean(`${w.rule} ${l.rule}`),
      what: w.kinds.rule!, marks, ...(url ? { url } : {}),
      facts: [
        ...fact(w.facts.severity, n.severity && (w.severities[n.severity] ?? n.severity)), ...fact(w.facts.value, n.value),
        ...fact(w.facts.source, l.source), ...fact(w.facts.department, l.department), ...fact(w.facts.group, n.group),
      ],
    };
  }
  const kind = l.kind ? w.kinds[l.kind] ?? l.kind : '';
  return {
    status: a.status,
    title: clean(n.title ?? n.summary ?? (l.ticket_id ? `#${l.ticket_id}` : a.alert_key), TITLE_MAX),
    ...(l.ticket_id ? { ref: clean(`${l.source ? `${l.source} ` : ''}#${l.ticket_id}`) } : {}),
    what: clean([kind, l.metric].filter(Boolean).join(' · ')),
    marks, ...(url ? { url } : {}),
    facts: [
      ...fact(w.facts.priority, n.priority && (w.priorities[n.priority] ?? n.priority)),
      ...fact(w.facts.due, n.due_at && localTime(n.due_at, o.timezone)),
      ...fact(w.facts.late, a.status === 'firing' && a.late_s !== undefined && a.late_s > 0 ? humanDuration(a.late_s) : undefined),
      ...fact(w.facts.assignee, n.assignee), ...fact(w.facts.group, n.group),
    ],
  };
}

/** The batch in words: a header and one view per alert, firing ones first (they matter most when a message is cut). */
export function noticeView(batch: NotificationBatch, o: ViewOptions): NoticeView {
  const w = WORDS[o.language];
  const firing = batch.alerts.filter((a) => a.status === 'firing');
  const resolved = batch.alerts.filter((a) => a.status === 'resolved');
  const groups = Object.entries(batch.group_labels).filter(([, v]) => v).map(([k, v]) => clean(k === 'kind' ? w.kinds[v] ?? v : v));
  const header = `${batch.status === 'firing' ? w.firing : w.resolved}${w.count(firing.length, resolved.length)}`
    + `${groups.length ? ` · ${groups.join(', ')}` : ''}${batch.repeat ? w.repeat : ''}`;
  return { status: batch.status, header, alerts: [...firing, ...resolved].map((a) => alertView(a, batch, o, w)), words: w };
}
