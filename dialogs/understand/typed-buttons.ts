import { BUTTON, PREFIX } from '../buttons';
import { fallbackChain, type Language } from '../languages';
import { SECTOR_IDS } from '../topics';
import { normalizeText } from './normalize';

/** Buttons by the locale key of their label (a button with two labels is listed twice). */
const LABELLED: readonly (readonly [id: string, key: string])[] = [
  [BUTTON.explain, 'menu.explain'],
  [BUTTON.find, 'menu.find'],
  [BUTTON.find, 'explain.find'],
  [BUTTON.person, 'menu.person'],
  [BUTTON.language, 'menu.language'],
  [BUTTON.start, 'menu.start'],
  [BUTTON.explainNext, 'explain.next'],
  [BUTTON.concernAdd, 'concern.addAnother'],
  [BUTTON.concernBack, 'concern.back'],
  [BUTTON.concernSearch, 'concern.searchNow'],
  [BUTTON.concernOther, 'concern.somethingElse'],
  [BUTTON.onlineOnly, 'location.onlineOnly'],
  [BUTTON.onlineOnly, 'noMatch.onlineGroups'],
  [BUTTON.resultsMore, 'results.more'],
  [BUTTON.resultsBack, 'group.backToResults'],
  [BUTTON.newSearch, 'results.newSearch'],
  [BUTTON.newSearch, 'noMatch.changeTopic'],
  [BUTTON.startGroup, 'noMatch.startGroup'],
  [BUTTON.foundingYes, 'founding.yes'],
  [BUTTON.foundingNo, 'founding.no'],
  [BUTTON.continue, 'emergency.continue'],
  [BUTTON.handoffAgree, 'handoff.agree'],
  [BUTTON.handoffDecline, 'handoff.decline'],
  [BUTTON.handoffViaChat, 'handoff.viaChat'],
  [BUTTON.handoffViaPhone, 'handoff.viaPhone'],
  [BUTTON.handoffViaEmail, 'handoff.viaEmail'],
  [BUTTON.handoffStatus, 'handoff.showStatus'],
  [BUTTON.handoffWithdraw, 'handoff.withdraw'],
  [BUTTON.crisisSafe, 'emergency.safeYes'],
  [BUTTON.crisisUnsafe, 'emergency.safeNo'],
  [BUTTON.crisisServices, 'emergency.writeInstead'],
  [BUTTON.crisisGrounding, 'emergency.groundingButton'],
  [BUTTON.crisisPerson, 'emergency.personButton'],
  [BUTTON.referralSend, 'representative.send'],
  [BUTTON.referralCancel, 'representative.cancel'],
  [BUTTON.referralAgain, 'representative.again'],
  ...SECTOR_IDS.map((sector) => [`${PREFIX.sector}${sector}`, `sectors.${sector}`] as const),
];

function labelText(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

/** A language's display texts (its `translation.json`, nested keys), read outside the dialog. */
export type TextSource = (lang: Language) => Record<string, unknown> | undefined;

/**
 * Finds the button whose label a person typed instead of pressing it ("Neue Suche", "Mehr ▶"): in their
 * language and the languages it falls back to, English included. Undefined when the text is no label.
 */
export function createTypedButtons(texts: TextSource): (text: string, lang: Language) => string | undefined {
  const byLanguage = new Map<Language, Map<string, string>>();
  return (text, lang) => {
    let labels = byLanguage.get(lang);
    if (!labels) {
      labels = new Map();
      for (const source of fallbackChain(lang)) {
        const tree = texts(source);
        for (const [id, key] of LABELLED) {
          const label = labelText(tree, key);
          const folded = label ? normalizeText(label) : '';
          if (folded && !labels.has(folded)) labels.set(folded, id);
        }
      }
      byLanguage.set(lang, labels);
    }
    return labels.get(normalizeText(text));
  };
}
