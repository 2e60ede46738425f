/**
 * The languages staff texts exist in (lambdas/staff/staff-texts.ts). Kept apart from the texts so that stores
 * the Telegram function bundles (a card's language on its reference) can name them without the texts.
 */
export const STAFF_LANGUAGES = ['de', 'nb', 'nn', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];
