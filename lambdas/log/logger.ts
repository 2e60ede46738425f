import { createHash } from 'node:crypto';

/**
 * Structured JSON logs. Fields are chosen by the caller and must never hold message text, names, phone numbers
 * or chat ids (README "Safety and privacy"); `pseudonym()` gives a stable, non-reversible id for correlation.
 */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

/** Writes one JSON line per event to stdout/stderr (CloudWatch picks them up as JSON). */
export function jsonLogger(write: (level: Level, line: string) => void = defaultWrite): Logger {
  const log =
    (level: Level) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      write(level, JSON.stringify({ level, event, time: new Date().toISOString(), ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function defaultWrite(level: Level, line: string): void {
  if (level === 'error') console.error(line);
  else console.log(line);
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A stable pseudonym for a chat key, for correlating log lines without the chat id. The salt (a deployment
 * secret) keeps anyone with the logs from recomputing it from a known chat id.
 */
export function pseudonym(key: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${key}`).digest('base64url').slice(0, 12);
}
