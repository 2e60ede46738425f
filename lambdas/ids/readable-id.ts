import { randomInt } from 'node:crypto';

/** Letters and digits people can read out on the phone or type from paper: no 0/O, no 1/I/L. */
export const READABLE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** `length` random characters of READABLE_ALPHABET (crypto-random: ids and codes must not be guessable). */
export function readableId(length: number): string {
  return Array.from({ length }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]).join('');
}
