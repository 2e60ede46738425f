import { REFERRAL_METRICS, type ReferralMetric } from '../../dialogs/types';
import { formatCsv } from '../directory/import/csv';
import type { ReferralRecord, WeekCounts } from '../referrals/dynamo-referrals';
import type { ReferralLinks } from '../referrals/links';
import { escapeCardMarkdown } from '../teams/card-text';
import { cardLanguage, cardMessage, languageName, type StaffCardMessage } from './card';
import { type StaffLanguage, type StaffTextKey, staffText } from './staff-texts';

/** What a referral card's Action.Submit posts back (lambdas/staff/referral-staff.ts). */
export type ReferralVerb = 'approve' | 'decline' | 'revoke' | 'resend' | 'summary' | 'csv';

type Json = Record<string, unknown>;

/**
 * The card of a representative's request for a referral code (Adaptive Card 1.4, in the staff channel's language
 * like the other staff cards; by default that of the request's country): the organisation, place, the language
 * the link opens in, the code and its state; Approve and Decline while pending; once active its links and
 * Revoke. The representative's chat is never shown.
 */
export function referralCard(
  record: ReferralRecord,
  links?: ReferralLinks,
  lang: StaffLanguage = cardLanguage(record),
): StaffCardMessage {
  const esc = escapeCardMarkdown;
  const t = (key: StaffTextKey) => staffText(lang, key);
  const facts = [
    { title: t('ref.fact.organisation'), value: esc(record.organisation) },
    { title: t('ref.fact.region'), value: esc([record.region, record.country].filter(Boolean).join(', ')) },
    { title: t('ref.fact.language'), value: esc(languageName(record.language, lang)) },
    { title: t('ref.fact.code'), value: esc(record.code) },
    { title: t('ref.fact.status'), value: stateLine(record, lang) },
  ];
  if (record.state === 'active' && links) {
    facts.push({ title: t('ref.fact.telegram'), value: esc(links.telegram) });
    if (links.teams) facts.push({ title: t('ref.fact.teams'), value: esc(links.teams) });
  }
  const submit = (title: string, verb: ReferralVerb) => ({
    type: 'Action.Submit',
    title,
    data: { referral: verb, code: record.code },
  });
  const actions: Json[] = [];
  if (record.state === 'pending')
    actions.push(submit(t('ref.button.approve'), 'approve'), submit(t('ref.button.decline'), 'decline'));
  if (record.state === 'active') {
    if (record.chatKey) actions.push(submit(t('ref.button.resend'), 'resend'));
    actions.push(submit(t('ref.button.revoke'), 'revoke'));
  }
  return cardMessage([
    {
      type: 'TextBlock',
      text: t('ref.card.title'),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    { type: 'FactSet', facts },
    ...(actions.length > 0 ? [{ type: 'ActionSet', actions }] : []),
  ]);
}

function stateLine(record: ReferralRecord, lang: StaffLanguage): string {
  const who = record.state === 'revoked' ? record.revokedBy : record.decidedBy;
  const state = staffText(lang, `ref.state.${record.state}`);
  return who && record.state !== 'pending'
    ? staffText(lang, 'ref.stateBy', { state, name: escapeCardMarkdown(who.name) })
    : state;
}

const metricName = (metric: ReferralMetric, lang: StaffLanguage) => staffText(lang, `ref.metric.${metric}`);

/**
 * The weekly counts per code: for each week, one line per organisation with its numbers. Counts are whole
 * numbers of events; nothing in them says who.
 */
export function referralSummaryCard(
  weeks: string[],
  rows: WeekCounts[],
  records: Map<string, ReferralRecord>,
  lang: StaffLanguage = 'en',
): StaffCardMessage {
  const body: Json[] = [
    {
      type: 'TextBlock',
      text: staffText(lang, 'ref.summary.title'),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
  ];
  for (const week of weeks) {
    const inWeek = rows.filter((row) => row.week === week);
    body.push({ type: 'TextBlock', text: week, weight: 'Bolder', wrap: true, separator: true });
    if (inWeek.length === 0) {
      body.push({ type: 'TextBlock', text: staffText(lang, 'ref.summary.none'), wrap: true, isSubtle: true });
      continue;
    }
    body.push({
      type: 'FactSet',
      facts: inWeek.map((row) => ({
        title: escapeCardMarkdown(organisationLabel(row.code, records, lang)),
        value: REFERRAL_METRICS.map((metric) => `${metricName(metric, lang)}: ${row.counts[metric]}`).join(
          ' · ',
        ),
      })),
    });
  }
  body.push({
    type: 'ActionSet',
    actions: [
      { type: 'Action.Submit', title: staffText(lang, 'ref.summary.csv'), data: { referral: 'csv' } },
    ],
  });
  return cardMessage(body);
}

function organisationLabel(code: string, records: Map<string, ReferralRecord>, lang: StaffLanguage): string {
  const record = records.get(code);
  if (!record) return code;
  const name = `${record.organisation}, ${record.region}`;
  return record.state === 'revoked' ? staffText(lang, 'ref.summary.revoked', { name }) : name;
}

/**
 * The counts as CSV (RFC 4180, header row): week, code, organisation, region, country, state and the four
 * counts. For reports to funders; the same numbers as the summary card.
 */
/**
 * Counts from 1 to this go into reports as "<5": a CSV leaves the contact point (funders, the organisations),
 * and "1 asked for a person" from a link handed to few people could point at someone.
 */
export const SMALLEST_REPORTED_COUNT = 5;

/** A count as reports show it: 0, "<5", or the number from 5 on. */
export function reportedCount(count: number): string {
  return count > 0 && count < SMALLEST_REPORTED_COUNT ? `<${SMALLEST_REPORTED_COUNT}` : String(count);
}

export function referralCsv(rows: WeekCounts[], records: Map<string, ReferralRecord>): string {
  const columns = ['week', 'code', 'organisation', 'region', 'country', 'state', ...REFERRAL_METRICS];
  const lines = [...rows]
    .sort((a, b) => a.week.localeCompare(b.week) || a.code.localeCompare(b.code))
    .map((row) => {
      const record = records.get(row.code);
      return {
        week: row.week,
        code: row.code,
        organisation: record?.organisation,
        region: record?.region,
        country: record?.country,
        state: record?.state,
        ...Object.fromEntries(REFERRAL_METRICS.map((metric) => [metric, reportedCount(row.counts[metric])])),
      };
    });
  return formatCsv(columns, lines, { spreadsheet: true });
}
