import { detectLanguage } from '../../dialogs/understand/detect-language';

describe('language detection', () => {
  test.each([
    ['ar', 'أعاني من الاكتئاب وأبحث عن مجموعة'],
    ['fa', 'من افسردگی دارم و دنبال یک گروه هستم'],
    ['ps', 'زه خپګان لرم او یوه ډله لټوم'],
    ['ckb', 'من خەمۆکیم هەیە و بەدوای گروپێکدا دەگەڕێم'],
    ['uk', 'У мене депресія, шукаю групу підтримки'],
    ['ru', 'У меня депрессия, ищу группу поддержки. Мы здесь недавно, всё новое'],
    ['ti', 'ጭንቀት ኣለኒ ጉጅለ እደሊ ኣለኹ'],
    ['de', 'Ich habe Depressionen und suche eine Gruppe'],
    ['en', 'I have depression and I am looking for a group'],
    ['fr', "J'ai une dépression et je cherche un groupe"],
    ['tr', 'Depresyonum var ve bir grup arıyorum'],
    ['so', 'Waxaan qabaa niyad jab, waxaan raadinayaa koox'],
    ['kmr', 'Depresyona min heye û ez li komekê digerim'],
    ['nb', 'Jeg har depresjon og leter etter en gruppe'],
    ['nn', 'Eg har depresjon og ikkje nokon å snakke med'],
  ])('recognises %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  test.each(['20095', 'ok', 'Diabetes', 'Hamburg', '👍'])('stays silent on a short text like %s', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });
});
