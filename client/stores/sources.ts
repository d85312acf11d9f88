import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { SourceHealth } from '../../server/protocol';

/** Health of the hub's data sources, for the screen header. */
export const useSourcesStore = defineStore('sources', () => {
  const list = shallowRef<readonly SourceHealth[]>([]);
  function set(sources: readonly SourceHealth[]): void {
    list.value = sources;
  }
  return { list, set };
});
