import type { Language } from '../../dialogs/languages';
import type { TopicId } from '../../dialogs/topics';
import { textReader } from '../../lambdas/i18n/text-reader';

const { recognizeTopics } = textReader;

/**
 * Sentences people really type, written independently of the word lists: each must find its topic.
 * When one fails, add the everyday word to locales/<lang>/recognition.json (and tell the reviewer).
 */
const EVERYDAY: Partial<Record<Language, Record<'depression' | 'diabetes' | 'stress', string>>> = {
  en: {
    depression: 'I feel so sad all the time',
    diabetes: 'I have sugar disease',
    stress: 'I am very stressed',
  },
  de: {
    depression: 'Ich bin immer so traurig',
    diabetes: 'Ich habe Zucker',
    stress: 'Ich bin total gestresst',
  },
  fr: { depression: "Je n'ai plus le moral", diabetes: "J'ai du sucre", stress: 'Je suis très stressé' },
  nb: { depression: 'Jeg er så deppa', diabetes: 'Jeg har sukkersyke', stress: 'Jeg er veldig stressa' },
  nn: { depression: 'Eg er så nedstemd', diabetes: 'Eg har sukkersjuke', stress: 'Eg er veldig stressa' },
  uk: {
    depression: 'Мені дуже сумно',
    diabetes: 'У мене цукровий діабет',
    stress: 'Постійний стрес на роботі',
  },
  ru: { depression: 'Мне очень грустно', diabetes: 'У меня сахар', stress: 'У меня сильный стресс' },
  tr: { depression: 'Moralim çok bozuk', diabetes: 'Şeker hastasıyım', stress: 'Çok stresliyim' },
  kmr: { depression: 'Ez pir xemgîn im', diabetes: 'Nexweşiya şekir heye', stress: 'Stresa min pir e' },
  so: {
    depression: 'Waxaan qabaa niyad jab',
    diabetes: 'Waxaan qabaa sonkor',
    stress: 'Cadaadis badan ayaan qabaa',
  },
  ti: { depression: 'ብጣዕሚ ሕዙን እየ', diabetes: 'ሽኮርያ ኣለኒ', stress: 'ብጣዕሚ ተጨኒቐ' },
  ar: { depression: 'أنا حزين جدا', diabetes: 'عندي مرض السكر', stress: 'عندي ضغط نفسي كبير' },
  fa: { depression: 'خیلی افسرده هستم', diabetes: 'من قند دارم', stress: 'خیلی استرس دارم' },
  prs: { depression: 'بسیار خفه استم', diabetes: 'مرض شکر دارم', stress: 'زیاد استرس دارم' },
  ps: { depression: 'زه ډېر خپه یم', diabetes: 'زه د شکرې ناروغي لرم', stress: 'ډېر ذهني فشار لرم' },
  ckb: { depression: 'زۆر خەمبارم', diabetes: 'نەخۆشی شەکرەم هەیە', stress: 'سترێسم زۆرە' },
};

describe.each(Object.entries(EVERYDAY))('everyday words in %s', (lang, sentences) => {
  test.each(Object.entries(sentences))('find %s', (topic, sentence) => {
    expect(recognizeTopics(sentence, lang as Language)).toContain(topic as TopicId);
  });
});
