import { createHash, randomInt } from 'node:crypto';

/** Letters and digits people can read out on the phone or type from paper: no 0/O, no 1/I/L. */
export const READABLE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `length` random characters of READABLE_ALPHABET (crypto-random: ids and codes must not be guessable). */
export function readableId(length: number): string {
  return Array.from({ length }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]).join('');
}

/**
 * `length` characters of READABLE_ALPHABET derived from `seed` (SHA-256): the same seed gives the same id, so
 * an effect run twice for one event (a retried turn) writes the same item. The seed holds the chat key and the
 * channel's event id, which only the channel and the chat know.
 */
export function readableIdFrom(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(
    { length },
    (_, i) => READABLE_ALPHABET[(digest[i] ?? 0) % READABLE_ALPHABET.length],
  ).join('');
}
