/**
 * How well the bot understands the evaluation messages: `npm run understanding [-- LANG ...] [--misses]
 * [--dir test/understanding/held-out]`. Prints the four figures per language and, with --misses, every
 * message it got wrong with what it made of it.
 */
import path from 'node:path';
import { evaluate, meetsTargets, readCorpora, summaryLine } from './evaluate';

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = path.resolve(
  dirIndex >= 0 ? (args[dirIndex + 1] ?? '') : path.join(__dirname, '../../test/understanding'),
);
const langs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--dir');
const corpora = readCorpora(dir).filter((c) => langs.length === 0 || langs.includes(c.language));
let allMet = true;
for (const corpus of corpora) {
  const report = evaluate(corpus);
  const met = meetsTargets(report);
  allMet &&= met;
  console.log(`${met ? 'ok  ' : 'FAIL'} ${summaryLine(report)}`);
  if (args.includes('--misses'))
    for (const m of report.misses)
      console.log(`     ${m.part.padEnd(8)} ${m.text}\n              expected ${m.expected} · got ${m.got}`);
}
process.exitCode = allMet ? 0 : 1;
