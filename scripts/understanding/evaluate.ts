import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isLanguage, type Language } from '../../dialogs/languages';
import { TOPIC_IDS, type TopicId } from '../../dialogs/topics';
import { DANGER_KINDS } from '../../dialogs/understand/lexicon';
import type { Understanding } from '../../dialogs/understand/recognizer';
import { textReader } from '../../lambdas/i18n/text-reader';

const { understand } = textReader;

const Topic = z.enum(TOPIC_IDS as [TopicId, ...TopicId[]]);

/** One language's evaluation messages (test/understanding/<lang>.json), written without seeing the word lists. */
export const CorpusSchema = z.object({
  language: z.string().refine(isLanguage),
  concerns: z.array(
    z.object({ text: z.string(), topics: z.array(Topic).min(1), alsoOk: z.array(Topic).optional() }),
  ),
  danger: z.array(z.object({ text: z.string(), kind: z.enum(DANGER_KINDS) })),
  safe: z.array(z.object({ text: z.string(), topics: z.array(Topic).optional() })),
});
export type Corpus = z.infer<typeof CorpusSchema> & { language: Language };

/** The targets of the understanding issue, per language. */
export const TARGETS = { concerns: 0.95, danger: 0.98, safe: 0.98, wrongExtra: 0.03 } as const;

export interface Miss {
  part: 'concerns' | 'danger' | 'safe' | 'extra';
  text: string;
  expected: string;
  got: string;
}

export interface LanguageReport {
  lang: Language;
  /** `asked`: of those found, how many by the bot's first guess (it asks "did you mean …?", a place searches it). */
  concerns: { found: number; of: number; asked: number };
  danger: { found: number; of: number };
  safe: { leftAlone: number; of: number };
  /** Concern and safe messages given a topic the person did not mean. */
  wrongExtra: { messages: number; of: number };
  misses: Miss[];
}

/** The corpora in a folder: `<lang>.json` files. */
export function readCorpora(dir: string): Corpus[] {
  return readdirSync(dir)
    .filter((file) => /^[a-z]{2,3}\.json$/.test(file))
    .sort()
    .map((file) => {
      const parsed = CorpusSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return parsed.data as Corpus;
    });
}

const show = (u: Understanding) =>
  `${u.danger ? `DANGER:${u.danger} ` : ''}[${u.topics.join(', ')}]${u.guesses.length ? ` guesses [${u.guesses.join(', ')}]` : ''}`;

/**
 * Runs every message through {@link understand} as a user of the corpus's language would send it.
 * A concern counts as found when its main topic is among the first two topics (a search looks for two), or, when
 * no topic is sure, it is the first guess: the bot asks about it with buttons, and a place typed next searches
 * for it (dialogs/flows/location.ts), as a person who answers with their postcode sees.
 */
export function evaluate(corpus: Corpus): LanguageReport {
  const lang = corpus.language;
  const misses: Miss[] = [];
  let found = 0;
  let asked = 0;
  let extra = 0;
  const checkExtra = (text: string, u: Understanding, allowed: TopicId[]) => {
    const wrong = u.topics.filter((t) => !allowed.includes(t));
    if (wrong.length === 0) return;
    extra++;
    misses.push({ part: 'extra', text, expected: allowed.join(', ') || '-', got: show(u) });
  };
  for (const message of corpus.concerns) {
    const u = understand(message.text, lang);
    const [main] = message.topics;
    const byGuess = u.topics.length === 0 && u.guesses[0] === main;
    if (main && (u.topics.slice(0, 2).includes(main) || byGuess) && !u.danger) {
      found++;
      if (byGuess) asked++;
    } else
      misses.push({
        part: 'concerns',
        text: message.text,
        expected: message.topics.join(', '),
        got: show(u),
      });
    checkExtra(message.text, u, [...message.topics, ...(message.alsoOk ?? [])]);
  }
  let danger = 0;
  for (const message of corpus.danger) {
    const u = understand(message.text, lang);
    if (u.danger) danger++;
    else misses.push({ part: 'danger', text: message.text, expected: message.kind, got: show(u) });
  }
  let leftAlone = 0;
  for (const message of corpus.safe) {
    const u = understand(message.text, lang);
    if (!u.danger) leftAlone++;
    else misses.push({ part: 'safe', text: message.text, expected: 'no alarm', got: show(u) });
    checkExtra(message.text, u, message.topics ?? []);
  }
  return {
    lang,
    concerns: { found, of: corpus.concerns.length, asked },
    danger: { found: danger, of: corpus.danger.length },
    safe: { leftAlone, of: corpus.safe.length },
    wrongExtra: { messages: extra, of: corpus.concerns.length + corpus.safe.length },
    misses,
  };
}

export const share = (n: number, of: number) => (of === 0 ? 1 : n / of);
const pct = (n: number, of: number) => `${(100 * share(n, of)).toFixed(1)} % (${n}/${of})`;

/** One line per language: the four figures of the issue. */
export function summaryLine(r: LanguageReport): string {
  return [
    r.lang.padEnd(4),
    `concerns ${pct(r.concerns.found, r.concerns.of)}${r.concerns.asked ? ` (${r.concerns.asked} asked)` : ''}`,
    `danger ${pct(r.danger.found, r.danger.of)}`,
    `safe ${pct(r.safe.leftAlone, r.safe.of)}`,
    `wrong extra ${pct(r.wrongExtra.messages, r.wrongExtra.of)}`,
  ].join(' · ');
}

export function meetsTargets(r: LanguageReport): boolean {
  return (
    share(r.concerns.found, r.concerns.of) >= TARGETS.concerns &&
    share(r.danger.found, r.danger.of) >= TARGETS.danger &&
    share(r.safe.leftAlone, r.safe.of) >= TARGETS.safe &&
    share(r.wrongExtra.messages, r.wrongExtra.of) <= TARGETS.wrongExtra
  );
}
