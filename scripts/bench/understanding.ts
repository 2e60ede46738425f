import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { textReader } from '../../lambdas/i18n/text-reader';
import { readCorpora } from '../understanding/evaluate';
import { PROJECT_ROOT } from './bundles';
import type { Measurement, MeasurementResult } from './context';

const { understand } = textReader;

/** Budget: the median time to understand one typed message (danger, topics, guesses), in ms. */
export const UNDERSTANDING_P50_BUDGET_MS = 1;
/** Each message is read this many times; the figure is the median of the per-message medians. */
const REPEATS = 20;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Understanding time per message: every message of the evaluation corpus (all languages), as a user of its
 * language sends it, after the word lists are loaded (the first message of a cold start also builds them:
 * reported separately).
 */
export const understandingTime: Measurement = {
  id: 'understanding',
  title: 'Understanding time per message',
  async run(context): Promise<MeasurementResult> {
    const corpora = readCorpora(path.join(PROJECT_ROOT, 'test', 'understanding'));
    const messages = corpora.flatMap((c) =>
      [...c.concerns, ...c.danger, ...c.safe].map((m) => ({ text: m.text, lang: c.language })),
    );
    const coldStart = performance.now();
    for (const c of corpora) understand('hallo', c.language);
    const buildMs = performance.now() - coldStart;
    context.progress(`understanding: ${messages.length} messages × ${REPEATS}`);
    const medians: number[] = [];
    for (const { text, lang } of messages) {
      const times: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const start = performance.now();
        understand(text, lang);
        times.push(performance.now() - start);
      }
      medians.push(
        quantile(
          times.sort((a, b) => a - b),
          0.5,
        ),
      );
    }
    medians.sort((a, b) => a - b);
    const p50 = quantile(medians, 0.5);
    const p95 = quantile(medians, 0.95);
    const max = medians.at(-1) ?? NaN;
    return {
      figures: [
        {
          id: 'understanding.p50',
          what: 'Understanding one message, p50',
          value: p50,
          unit: 'ms',
          budget: { max: UNDERSTANDING_P50_BUDGET_MS },
          detail: `${messages.length} messages in ${corpora.length} languages; p95 ${p95.toFixed(3)} ms, max ${max.toFixed(3)} ms`,
        },
        {
          id: 'understanding.build',
          what: 'Loading the word lists of all languages (once per cold start)',
          value: buildMs,
          unit: 'ms',
        },
      ],
      findings: [],
      data: { messages: messages.length, p50, p95, max, buildMs },
    };
  },
};
