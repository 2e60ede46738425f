import { isLanguage, type Language } from '../../dialogs/languages';
import type { ChatMessage } from '../channels/chat-message';
import { PLAIN, renderText } from '../i18n/translator';
import type { ReferralRecord } from '../referrals/dynamo-referrals';
import type { ReferralLinks } from '../referrals/links';
import { qrCodes } from '../referrals/qr';
import { type DeliveryOutcome, deliverToChat, type UserDelivery } from './relay';

/**
 * The answer to a representative, in their chat and language: on approval the links, the QR code as PNG
 * (captioned with the organisation's name) and as SVG for print (where the channel can send files); on a
 * decline a kind word.
 */
export async function deliverReferral(
  record: ReferralRecord,
  answer: { approved: true; links: ReferralLinks } | { approved: false },
  delivery: UserDelivery,
): Promise<DeliveryOutcome> {
  const lang: Language = isLanguage(record.chatLanguage) ? record.chatLanguage : 'en';
  const t = (key: string) =>
    renderText({ key: `representative.${key}`, params: { organisation: record.organisation } }, lang, PLAIN);
  return deliverToChat(
    { key: record.chatKey, address: record.address },
    async () => (answer.approved ? approval(record, answer.links, t) : declined(t)),
    delivery,
    { event: 'staff.referral_delivery_failed' },
  );
}

function declined(t: (key: string) => string): ChatMessage {
  return { paragraphs: [[{ text: t('declined') }]] };
}

async function approval(
  record: ReferralRecord,
  links: ReferralLinks,
  t: (key: string) => string,
): Promise<ChatMessage> {
  const qr = await qrCodes(links.telegram);
  return {
    paragraphs: [
      [{ text: t('approved'), style: 'strong' }],
      [{ text: t('telegramLink') }, { text: links.telegram, style: 'link' }],
      ...(links.teams ? [[{ text: t('teamsLink') }, { text: links.teams, style: 'link' as const }]] : []),
      [{ text: t('howToUse') }],
    ],
    image: { png: qr.png, name: `${record.code}.png`, caption: record.organisation },
    file: {
      content: Buffer.from(qr.svg, 'utf8'),
      name: `${record.code}.svg`,
      caption: `${record.organisation}\n${t('qrSvg')}`,
    },
  };
}
