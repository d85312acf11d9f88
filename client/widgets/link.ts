import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';
import { linkTemplateProblem, normalizeLink, PLACEHOLDER, type LinkTarget, type WidgetDefinition } from '../../server/protocol';
import type { ChartClick } from '../charts';

/**
 * The fields of one clicked item by name: a queue row's record, a bar's `key` and `value`, a metric's params.
 * Any object, so a record type is one as it is; only strings, numbers and booleans are filled in.
 */
export type LinkFields = object;

/**
 * The URL for one item, or null when it may not be opened. Every value is URL-encoded, so none can add a
 * scheme, host or path; an unknown placeholder is left empty. The template is checked again here (the hub
 * already did) and the result must be http(s) or a path on this host.
 */
export function fillTemplate(template: string, fields: LinkFields): string | null {
  if (linkTemplateProblem(template) !== null) return null;
  const url = template.replace(PLACEHOLDER, (_, name: string) => {
    const v: unknown = Object.hasOwn(fields, name) ? (fields as Record<string, unknown>)[name] : undefined;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? encodeURIComponent(String(v)) : '';
  });
  return isSafeUrl(url) ? url : null;
}

/** http:, https:, or a path on this host (`/…`, not the host-changing `//…` or `/\…`). */
export function isSafeUrl(url: string): boolean {
  if (url.startsWith('/')) return !/^\/[/\\]/.test(url);
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface ItemLink {
  /** The widget has a link: its items look and act clickable. */
  linked: ComputedRef<boolean>;
  /** Opens the link for an item; nothing without a link or for null (a click beside every item). */
  openLink(fields: LinkFields | null): void;
}

const KEY: InjectionKey<ItemLink> = Symbol('widget-link');
const NO_LINK: ItemLink = { linked: computed(() => false), openLink: () => undefined };

function openUrl(url: string, target: LinkTarget): void {
  if (target === '_self') window.location.assign(url);
  else window.open(url, '_blank', 'noopener');
}

/** For WidgetSlot: the link of the widget it places, its metric id and params the fields every item has. */
export function provideWidgetLink(widget: () => WidgetDefinition | undefined): void {
  const link = computed(() => normalizeLink(widget()?.link));
  provide(KEY, {
    linked: computed(() => link.value !== undefined),
    openLink(fields) {
      const l = link.value;
      const metric = widget()?.metric;
      if (!l || !fields) return;
      const url = fillTemplate(l.url, { ...metric?.params, metric: metric?.id, ...fields });
      if (url) openUrl(url, l.target);
    },
  });
}

/** For a widget: whether it is linked, and the one function its items call. */
export function useWidgetLink(): ItemLink {
  return inject(KEY, NO_LINK);
}

/**
 * What a linked row binds (`v-bind="itemAttrs(link, fields)"`): a pointer, a place in the tab order, and Enter
 * or a click to open. Without a link, nothing, so the row is exactly as it was.
 */
export function itemAttrs(link: ItemLink, fields: LinkFields): Record<string, unknown> {
  if (!link.linked.value) return {};
  const open = (): void => link.openLink(fields);
  return { class: 'widget-linked', tabindex: 0, role: 'link', onClick: open, onKeydown: (e: KeyboardEvent) => { if (e.key === 'Enter') open(); } };
}

/** A chart click's item fields: the `key` a chart option put on the data item, and the item's measure. */
export function chartItemFields(params: ChartClick): LinkFields | null {
  const data = params.data as { key?: unknown } | null | undefined;
  if (typeof data?.key !== 'string') return null;
  const value = Array.isArray(params.value) ? params.value.at(-1) : params.value;
  return { key: data.key, value: typeof value === 'number' ? value : undefined };
}
