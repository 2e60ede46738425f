import { isLanguage, type Language } from '../../dialogs/languages';
import { PLAIN, renderText } from '../i18n/translator';
import type { ReferralRecord } from '../referrals/dynamo-referrals';
import type { ReferralLinks } from '../referrals/links';
import { qrCodes } from '../referrals/qr';
import { escapeHtml, TELEGRAM_HTML } from '../render/telegram-html';
import { errorFields } from './announce';
import { chatGone, type DeliveryOutcome, type UserDelivery } from './relay';

/**
 * The answer to a representative, in their chat and language: on approval the links, the QR code as PNG
 * (captioned with the organisation's name) and as SVG; on a decline a kind word. Telegram (`tg:<chat id>`) gets
 * a message, a photo and a document; Teams (`teams:<conversation id>`, through the stored conversation
 * reference) a message with the PNG as an inline image (Teams bots cannot send other files without a
 * file-consent card, so the SVG is Telegram only).
 */
export async function deliverReferral(
  record: ReferralRecord,
  answer: { approved: true; links: ReferralLinks } | { approved: false },
  delivery: UserDelivery,
): Promise<DeliveryOutcome> {
  const chatKey = record.chatKey;
  if (!chatKey) return 'no-chat';
  const lang: Language = isLanguage(record.chatLanguage) ? record.chatLanguage : 'en';
  const organisation = { organisation: record.organisation };
  const t = (key: string, format = PLAIN) =>
    renderText({ key: `representative.${key}`, params: organisation }, lang, format);
  const fileName = `${record.code}`;
  try {
    if (chatKey.startsWith('tg:')) {
      const chatId = Number(chatKey.slice(3));
      if (!delivery.telegram || !Number.isSafeInteger(chatId)) return 'no-chat';
      const api = await delivery.telegram();
      if (!answer.approved) {
        await api.sendMessage(chatId, t('declined', TELEGRAM_HTML), { parse_mode: 'HTML' });
        return 'sent';
      }
      const { links } = answer;
      const link = (label: string, url: string) =>
        `${t(label, TELEGRAM_HTML)}\n<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
      const text = [
        `<b>${t('approved', TELEGRAM_HTML)}</b>`,
        link('telegramLink', links.telegram),
        ...(links.teams ? [link('teamsLink', links.teams)] : []),
        t('howToUse', TELEGRAM_HTML),
      ].join('\n\n');
      const [qr, { InputFile }] = await Promise.all([qrCodes(links.telegram), import('grammy')]);
      await api.sendMessage(chatId, text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      await api.sendPhoto(chatId, new InputFile(qr.png, `${fileName}.png`), { caption: record.organisation });
      await api.sendDocument(chatId, new InputFile(Buffer.from(qr.svg, 'utf8'), `${fileName}.svg`), {
        caption: `${record.organisation}\n${t('qrSvg')}`,
      });
      return 'sent';
    }
    if (chatKey.startsWith('teams:') && record.address) {
      if (!answer.approved) {
        await delivery.messenger.send(record.address, {
          type: 'message',
          text: t('declined'),
          textFormat: 'plain',
        });
        return 'sent';
      }
      const { links } = answer;
      const text = [
        t('approved'),
        `${t('telegramLink')}\n${links.telegram}`,
        ...(links.teams ? [`${t('teamsLink')}\n${links.teams}`] : []),
        t('howToUse'),
      ].join('\n\n');
      const qr = await qrCodes(links.telegram);
      await delivery.messenger.send(record.address, {
        type: 'message',
        text,
        textFormat: 'plain',
        attachments: [
          {
            contentType: 'image/png',
            contentUrl: `data:image/png;base64,${qr.png.toString('base64')}`,
            name: `${fileName}.png`,
          },
        ],
      });
      return 'sent';
    }
    return 'no-chat';
  } catch (error) {
    delivery.log.warn('staff.referral_delivery_failed', { ...errorFields(error) });
    return chatGone(error) ? 'gone' : 'failed';
  }
}
