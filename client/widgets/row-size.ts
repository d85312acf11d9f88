import { computed, inject, onScopeDispose, provide, reactive, watchEffect, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { ScreenDefinition } from '../../server/protocol';

/**
 * One size across a row of the grid: widgets of one row (same y and h on the wall grid) that draw a part at a
 * size of their own say what they need, and all draw it at the smallest need (KPI numbers of one row at one size).
 * The canvas owns the needs; a widget only states its own and reads the row's.
 */
type Needs = Map<string, Map<symbol, number>>;
const NEEDS: InjectionKey<Needs> = Symbol('row-needs');
const ROW: InjectionKey<() => string> = Symbol('row');

/** For a screen layout (the wall canvas, the phone stack): the rows' needs, shared by the slots below it. */
export function provideRowSizes(): void {
  provide(NEEDS, reactive(new Map()) as Needs);
}

/** For the scope around one slot: the row it is in. */
export function provideRow(row: () => string): void {
  provide(ROW, row);
}

/** The row of a widget on the wall grid, `y:h`, also used on the phone (where the wall's rows follow one another). */
export function wallRow(def: ScreenDefinition, widget: string): string {
  const item = def.layout.wall.items.find((i) => i.widget === widget);
  return item ? `${item.y}:${item.h}` : `alone:${widget}`;
}

/** In a widget: the size its row draws `part` at, the smallest need in the row; its own need outside a row. */
export function useRowSize(part: string, need: Ref<number>): ComputedRef<number> {
  const needs = inject(NEEDS, null);
  const row = inject(ROW, null);
  if (!needs || !row) return computed(() => need.value);
  const me = Symbol(part);
  const key = computed(() => `${part}@${row()}`);
  let held: string | undefined;
  const drop = () => { if (held !== undefined) needs.get(held)?.delete(me); };
  watchEffect(() => {
    if (held !== key.value) drop();
    held = key.value;
    if (!needs.has(held)) needs.set(held, new Map());
    needs.get(held)!.set(me, need.value);
  });
  onScopeDispose(drop);
  return computed(() => Math.min(need.value, ...(needs.get(key.value)?.values() ?? [])));
}
