import path from 'node:path';
import {
  evaluate,
  meetsTargets,
  readCorpora,
  summaryLine,
  TARGETS,
} from '../../scripts/understanding/evaluate';

/**
 * The evaluation corpus: per language, everyday messages written without seeing the word lists (concerns,
 * danger now, and safe messages with alarming words). Each language must reach the targets.
 */
const corpora = readCorpora(path.join(__dirname));

test('every language of the bot has an evaluation corpus of at least 40 concern, 20 danger and 20 safe messages', () => {
  for (const corpus of corpora) {
    expect(corpus.concerns.length).toBeGreaterThanOrEqual(40);
    expect(corpus.danger.length).toBeGreaterThanOrEqual(20);
    expect(corpus.safe.length).toBeGreaterThanOrEqual(20);
  }
  expect(corpora.map((c) => c.language).sort()).toHaveLength(16);
});

test.each(corpora.map((c) => [c.language, c] as const))(
  `%s messages reach the targets (concerns ≥ ${TARGETS.concerns}, danger ≥ ${TARGETS.danger}, safe ≥ ${TARGETS.safe}, wrong extra ≤ ${TARGETS.wrongExtra})`,
  (_lang, corpus) => {
    const report = evaluate(corpus);
    const misses = report.misses.map((m) => `${m.part}: ${m.text} → expected ${m.expected}, got ${m.got}`);
    expect({ summary: summaryLine(report), met: meetsTargets(report), misses }).toMatchObject({ met: true });
  },
);
