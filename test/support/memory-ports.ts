import type { TopicId } from '../../dialogs/topics';
import type {
  ContactPointView,
  DialogPorts,
  GroupQuery,
  GroupView,
  HandoffView,
  NewHandoff,
  NewReferral,
  Place,
  ReferralCounts,
} from '../../dialogs/types';
import { textReader } from '../../lambdas/i18n/text-reader';

/** Small in-memory ports for dialog unit tests: the dialog logic runs without any database. */
export interface MemoryPorts extends DialogPorts {
  handoffRequests: (NewHandoff & HandoffView)[];
  foundingRequests: { topics: TopicId[]; place?: Place; language: string }[];
  queries: GroupQuery[];
  /** Requests for referral codes, by code (`chatKey` erased on forget). */
  referralRequests: Map<string, NewReferral & { state: 'pending' | 'active' | 'revoked' }>;
  /** What was counted, one entry per write. */
  referralCounts: { code: string; counts: ReferralCounts; at: string }[];
}

export const HAMBURG: Place = {
  lat: 53.5503,
  lon: 10.0007,
  country: 'DE',
  label: '20095 Hamburg',
  postcode: '20095',
};
export const FLORO: Place = {
  lat: 61.5996,
  lon: 5.0328,
  country: 'NO',
  label: '6900 Florø',
  postcode: '6900',
};

export const CONTACT_POINT: ContactPointView = {
  id: 'cp-hh',
  name: 'Demo Kontaktstelle Hamburg',
  country: 'DE',
  city: 'Hamburg',
  postcode: '20095',
  phone: '+49 40 000000',
  email: 'kontakt@example.org',
};

export function group(overrides: Partial<GroupView> & { id: string; topics: TopicId[] }): GroupView {
  return {
    name: `Group ${overrides.id}`,
    languages: ['de'],
    country: 'DE',
    online: false,
    city: 'Hamburg',
    postcode: '20095',
    ...overrides,
  };
}

export function memoryPorts(groups: GroupView[] = [], now = new Date('2026-11-23T10:00:00Z')): MemoryPorts {
  const foundingRequests: MemoryPorts['foundingRequests'] = [];
  const queries: GroupQuery[] = [];
  const handoffRequests: MemoryPorts['handoffRequests'] = [];
  const referralRequests: MemoryPorts['referralRequests'] = new Map();
  const referralCounts: MemoryPorts['referralCounts'] = [];
  return {
    handoffRequests,
    referralRequests,
    referralCounts,
    handoffs: {
      async create(request) {
        // As the DynamoDB store: one open request per chat, the same event files once.
        const same = handoffRequests.find((h) => request.effectKey && h.effectKey === request.effectKey);
        if (same) return { id: same.id, status: same.status };
        const open = handoffRequests.find(
          (h) => h.chatKey === request.chatKey && (h.status === 'open' || h.status === 'claimed'),
        );
        if (open) return { refused: 'open' as const, id: open.id };
        const created = { ...request, id: `H${handoffRequests.length + 1}`, status: 'open' as const };
        handoffRequests.push(created);
        return { id: created.id, status: created.status };
      },
      async get(id) {
        const found = handoffRequests.find((h) => h.id === id);
        return found ? { id: found.id, status: found.status } : undefined;
      },
      async withdraw(id) {
        const found = handoffRequests.find((h) => h.id === id);
        if (found) {
          found.status = 'withdrawn';
          delete found.contactDetail;
          found.chatKey = '';
        }
      },
    },
    foundingRequests,
    queries,
    directory: {
      async search(query) {
        queries.push(query);
        const matching = groups.filter(
          (g) => g.topics.some((t) => query.topics.includes(t)) && (query.onlineOnly ? g.online : true),
        );
        const page = matching.slice(query.offset, query.offset + query.limit);
        return {
          groups: page,
          total: matching.length,
          hasMore: matching.length > query.offset + query.limit,
          widened: false,
        };
      },
      async group(id) {
        const found = groups.find((g) => g.id === id);
        return found ? { ...found, contactPoint: CONTACT_POINT } : undefined;
      },
      async nearestContactPoint() {
        return CONTACT_POINT;
      },
    },
    gazetteer: {
      postcode: (code) => [HAMBURG, FLORO].find((p) => p.postcode === code),
      place: (name) =>
        /hamburg|гамбург|هامبورغ/i.test(name) ? HAMBURG : /flor/i.test(name) ? FLORO : undefined,
    },
    foundingInterests: {
      async register(interest) {
        foundingRequests.push(interest);
      },
    },
    referrals: {
      async resolve(code) {
        if (code === 'moschee-hh-ar') return { organisation: 'Demo Moscheegemeinde', language: 'ar' };
        const requested = referralRequests.get(code);
        return requested?.state === 'active'
          ? { organisation: requested.organisation, language: requested.language }
          : undefined;
      },
      async request(referral) {
        const code = `ref-${referralRequests.size + 1}`;
        referralRequests.set(code, { ...referral, state: 'pending' });
        return { code };
      },
      async count(code, counts, at) {
        referralCounts.push({ code, counts: { ...counts }, at });
      },
      async forget(code, chatKey) {
        const found = referralRequests.get(code);
        if (found?.chatKey === chatKey) found.chatKey = '';
      },
    },
    clock: () => now,
    reader: textReader,
  };
}
