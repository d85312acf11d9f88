import type { Component } from 'vue';
import type { z } from 'zod';
import type { MetricPayload, MetricValue } from '../../server/protocol';

export type ValueKind = MetricPayload['kind'];

/** A widget's drawing box in design px (the canvas transform scales it to the screen). */
export interface WidgetSize { width: number; height: number }

/** What a widget folder's index.ts exports, and all the registry needs. */
export interface WidgetModule {
  type: string;
  component: Component;
  optionsSchema: z.ZodType;
  /** The value kinds it can show; empty for a widget that takes no metric (clock, text, source status). */
  accepts: readonly ValueKind[];
  /** A complete value for tests and docs; null exactly when `accepts` is empty. */
  sample: MetricValue | null;
}

export function defineWidget(widget: WidgetModule): WidgetModule {
  return widget;
}
