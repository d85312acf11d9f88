import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ScreenDefinition } from '../../server/protocol';

/** The screen being shown; replaced whole when the hub hot-reloads its file. */
export const useScreenStore = defineStore('screen', () => {
  const definition = shallowRef<ScreenDefinition | null>(null);
  function set(def: ScreenDefinition | null): void {
    definition.value = def;
  }
  return { definition, set };
});
