// temporary helper (deleted after use): which nb/nn danger phrases fire on other languages' messages
import { readFileSync, readdirSync } from 'node:fs';
import { buildLexicon } from '../../dialogs/understand/lexicon';
import { masked } from '../../dialogs/understand/phrase-matcher';
import { LOCALES } from '../../locales';
import { SUPPORTED_LANGUAGES } from '../../dialogs/languages';
const mine = ['nb', 'nn'].map((l) => ({ l, lex: buildLexicon(JSON.parse(readFileSync(`locales/${l}/recognition.json`, 'utf8'))) }));
const all = SUPPORTED_LANGUAGES.map((l) => LOCALES[l]?.recognition).filter(Boolean).map((d) => buildLexicon(d as never));
const values = (t: any): string[] => Object.values(t).flatMap((v: any) => (typeof v === 'string' ? [v] : values(v)));
const texts: [string, string][] = [];
for (const f of readdirSync('test/understanding').filter((f) => f.endsWith('.json'))) {
  const c = JSON.parse(readFileSync('test/understanding/' + f, 'utf8'));
  for (const m of [...c.concerns, ...c.safe]) texts.push([f, m.text]);
}
for (const l of SUPPORTED_LANGUAGES) for (const t of values(LOCALES[l]?.translation ?? {})) texts.push([`bot:${l}`, t]);
for (const [src, text] of texts) {
  if (!/\p{Script=Latin}/u.test(text)) continue;
  for (const { l, lex } of mine) {
    const prepared = lex.danger.prepare(text);
    const spans = all.flatMap((x) => x.notDanger.find(x.danger.prepare(text)));
    const found = lex.danger.find(masked(prepared, spans));
    for (const m of found) console.log(`${l} ${m.value} | ${src} | ${text.slice(0, 120)} | words ${m.start}-${m.end}`);
  }
}
