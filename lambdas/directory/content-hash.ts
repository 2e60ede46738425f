import { createHash } from 'node:crypto';
import { KEY_LAYOUT_VERSION } from './keys';

/** JSON with object keys sorted and undefined values left out, so equal content gives equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A short fingerprint of a record as it will be stored. Equal fingerprints mean the stored items are already
 * right, which is how a repeated import writes nothing. The key layout version is part of it, so a change to
 * the index layout makes every record look changed once.
 */
export function contentHash(record: unknown): string {
  return createHash('sha256')
    .update(stableJson({ layout: KEY_LAYOUT_VERSION, record }))
    .digest('base64url')
    .slice(0, 22);
}
