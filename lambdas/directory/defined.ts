/**
 * Drops undefined values, so a view built from an item with missing attributes compares equal to one built
 * by hand, and `marshall` never sees an undefined.
 */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
