/** Maps from a key to the list of values kept under it, as the graph's indexes are built. */

/** Appends `value` to the list kept under `key`, starting the list if there is none. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
