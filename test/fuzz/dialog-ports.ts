import { TOPIC_IDS } from '../../dialogs/topics';
import type { ContactPointView, GroupView } from '../../dialogs/types';
import { loadDefaultGazetteer } from '../../lambdas/geo/gazetteer';
import { group, type MemoryPorts, memoryPorts } from '../support/memory-ports';

/**
 * In-memory ports for the dialog attacks: the real gazetteer (so typed towns and postcodes resolve as in
 * production) and a directory whose groups carry hostile but possible data: markup characters, right-to-left
 * overrides, a description near Telegram's 4,096-character limit, empty optional fields.
 */

const gazetteer = loadDefaultGazetteer();
/** Two topics no group offers, so that the no-match flow (contact point, founding a group) is reached too. */
const UNSERVED = new Set<string>(['gambling', 'lgbtq']);
const ALL_TOPICS = TOPIC_IDS.filter((t) => !UNSERVED.has(t));

const HOSTILE_CONTACT_POINT: ContactPointView = {
  id: 'cp-hostile',
  name: 'Kontaktstelle <Nord> & "Süd"',
  country: 'DE',
  city: 'Hamburg & Umland',
  postcode: '20095',
  address: 'Straße <1> & 2',
  phone: '+49 40 <000> & 1',
  email: 'a&b@example.org',
  website: 'https://example.org/?a=1&b=<2>',
  openingHours: 'Mo–Fr 9–12 & <nach Vereinbarung>',
};

const GROUPS: GroupView[] = [
  group({
    id: 'g1',
    topics: ALL_TOPICS,
    languages: ['de', 'ar', 'fa'],
    distanceKm: 2,
    contactPoint: HOSTILE_CONTACT_POINT,
  }),
  group({
    id: 'g-online',
    topics: ALL_TOPICS,
    online: true,
    languages: ['uk', 'ru', 'xx', '', 'zz-ZZ'],
    schedule: 'Mondays 18:00 (online) & <Zoom>',
  }),
  group({
    id: 'g-html',
    name: '<b>Tom & Jerry</b> </i> &amp; <a href="x">',
    topics: ALL_TOPICS,
    schedule: '<i>Mo</i> & Di > Mi',
    description: 'Wir <3 euch & ihr >_< uns. </b>',
    accessible: true,
    womenOnly: true,
    contactPoint: HOSTILE_CONTACT_POINT,
    distanceKm: 0,
  }),
  group({
    id: 'g-long',
    name: `Eine sehr lange Gruppe ${'ä&<'.repeat(60)}`,
    topics: ALL_TOPICS,
    description: `${'Beschreibung mit & und < und > '.repeat(110)}\n${'x'.repeat(900)}\n\n\n${'ب&'.repeat(300)}`,
    schedule: 'z'.repeat(500),
    distanceKm: 12345,
    contactPoint: HOSTILE_CONTACT_POINT,
  }),
  group({
    id: 'g-rtl',
    name: '\u202Eمجموعة الدعم\u202C 😀',
    topics: ALL_TOPICS,
    city: '\u2067هامبورغ\u2069',
    languages: ['ar', 'ckb', 'ps'],
    description: '\u200F\u061C',
  }),
  group({ id: 'g-empty', name: ' ', topics: ALL_TOPICS, languages: [], city: '', postcode: '' }),
  ...Array.from({ length: 8 }, (_, i) =>
    group({ id: `g-page-${i}`, topics: ['diabetes', 'depression', 'stress'] }),
  ),
];

/** Fresh ports for one fuzz case: handoff and founding requests start empty. */
export function fuzzPorts(): MemoryPorts {
  const ports = memoryPorts(GROUPS);
  return {
    ...ports,
    gazetteer,
    directory: {
      ...ports.directory,
      nearestContactPoint: async () => HOSTILE_CONTACT_POINT,
      group: async (id) => GROUPS.find((g) => g.id === id),
    },
    referrals: {
      ...ports.referrals,
      resolve: async (code) =>
        code === 'moschee-hh-ar'
          ? { organisation: 'Moschee <Al-Nur> & Freunde', language: 'ar' }
          : code === 'org-none'
            ? { organisation: '' }
            : undefined,
    },
  };
}
