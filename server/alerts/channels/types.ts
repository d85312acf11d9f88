/**
 * What a notification channel is handed: one group's notification (server/alerts/grouping.ts decides when),
 * with every alert spelled out. Channels format it in their vendor's message shape and send it.
 */

/** One alert as a notification shows it. */
export interface AlertNotice {
  alert_key: string;
  /** Alertmanager-style: a hash of the sorted identity labels. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  /** Identity labels (for SLA alerts: source, ticket_id, metric, cycle, kind; for rule alerts: rule, …). */
  labels: Record<string, string>;
  /** priority, group, assignee, due_at, title, severity, summary, … (strings only). */
  annotations: Record<string, string>;
  /** When the alert started firing (ISO), and when it resolved. */
  starts_at: string;
  ends_at?: string;
  /** A link to the ticket in its own system (Zendesk, Freshdesk, …), where one is known. */
  url?: string;
  /** How late, in seconds, for a breach (wall time past the due instant at the notification's tick). */
  late_s?: number;
  acknowledged: boolean;
  /** Fired after max_unconfirmed while the source was failing. */
  unconfirmed?: boolean;
}

/** One group's notification to one receiver. */
export interface NotificationBatch {
  /** The route's receiver (channel id). */
  receiver: string;
  /** Alertmanager's groupKey: the route and the group's label values. */
  group_key: string;
  group_labels: Record<string, string>;
  /** `firing` when any alert of the batch fires, else `resolved`. */
  status: 'firing' | 'resolved';
  alerts: AlertNotice[];
  /** The hub's own URL (for links back to the wall), without a trailing slash. */
  external_url: string;
  /** A repeat of an unchanged group after repeat_interval. */
  repeat: boolean;
}

/**
 * A channel's failure; `retryable` false for errors a retry cannot fix (a bad key, a refused signature).
 * `retryAfterMs` is the vendor's own word on when to try again (Retry-After, a per-minute throttle).
 * Messages never carry the webhook URL: keys and access tokens are credentials.
 */
export class ChannelError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly code?: string | number, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface Channel {
  id: string;
  kind: string;
  /** How long one send may take before delivery aborts it (the config's `timeout`). */
  timeoutMs?: number;
  /** Resolves when the vendor accepted the message; throws a ChannelError otherwise. */
  send(batch: NotificationBatch, signal?: AbortSignal): Promise<void>;
  /** Releases what the channel holds open (an SMTP transport). */
  close?(): Promise<void> | void;
}
