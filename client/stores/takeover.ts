import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

/** The alert showing over the wall now, if any: a playlist holds its rotation while one shows. */
export const useTakeoverStore = defineStore('takeover', () => {
  const showing = shallowRef<{ key: string; endsAt: number } | undefined>();
  return { showing };
});
