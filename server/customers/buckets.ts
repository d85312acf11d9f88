/**
 * An index from a key value to the items holding it. Most values are held by one item (an account id, a name, a
 * tax id in one source): those cost no Set of their own, which halves the map's memory at 100,000 accounts.
 */
export class Buckets<T> {
  private readonly map = new Map<string, T | Set<T>>();

  add(key: string | undefined, item: T): void {
    if (key === undefined) return;
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, item);
    else if (held instanceof Set) held.add(item);
    else if (held !== item) this.map.set(key, new Set([held, item]));
  }

  delete(key: string | undefined, item: T): void {
    if (key === undefined) return;
    const held = this.map.get(key);
    if (held === item) this.map.delete(key);
    else if (held instanceof Set && held.delete(item) && held.size === 1) this.map.set(key, held.values().next().value!);
  }

  /** The items holding `key`. */
  get(key: string): Iterable<T> {
    const held = this.map.get(key);
    return held === undefined ? [] : held instanceof Set ? held : [held];
  }

  /** The items holding `key` when two or more do: the same Set object while they do, so a walk can mark it read. */
  shared(key: string): Set<T> | undefined {
    const held = this.map.get(key);
    return held instanceof Set ? held : undefined;
  }

  size(key: string): number {
    const held = this.map.get(key);
    return held === undefined ? 0 : held instanceof Set ? held.size : 1;
  }

  /** How many key values are held. */
  get keys(): number { return this.map.size; }
}
