import {
  languagePenaltyKm,
  OTHER_LANGUAGE_PENALTY_KM,
  rankGroups,
  roundDistanceKm,
} from '../../dialogs/ranking';
import type { TopicId } from '../../dialogs/topics';
import type { GroupView } from '../../dialogs/types';

/** A local group `km` away, or an online one when `km` is undefined. */
function group(id: string, languages: string[], km?: number, topics: TopicId[] = ['depression']): GroupView {
  return {
    id,
    name: `Group ${id}`,
    topics,
    languages,
    country: 'DE',
    online: km === undefined,
    ...(km === undefined ? {} : { distanceKm: km }),
  };
}

const ids = (groups: GroupView[]) => groups.map((g) => g.id);
const arabic = { topics: ['depression'] as TopicId[], languages: ['ar'] };

describe('rankGroups', () => {
  test('puts groups matching more of the user’s concerns first, among groups in their language', () => {
    const ranked = rankGroups(
      [group('one-topic', ['ar'], 1), group('both-topics', ['ar', 'de'], 25, ['depression', 'anxiety'])],
      { topics: ['depression', 'anxiety'], languages: ['ar'] },
    );
    expect(ids(ranked)).toEqual(['both-topics', 'one-topic']);
  });

  test('never puts a group in a language the person does not speak before one in their language, even when it matches more concerns', () => {
    const ranked = rankGroups(
      [group('arabic-both', ['ar'], 1, ['depression', 'anxiety']), group('ukrainian-one', ['uk'], 3)],
      { topics: ['depression', 'anxiety'], languages: ['uk'] },
    );
    expect(ids(ranked)).toEqual(['ukrainian-one', 'arabic-both']);
  });

  test('offers a mother-tongue group 30 km away before a German-only group 2 km away', () => {
    expect(ids(rankGroups([group('german', ['de'], 2), group('arabic', ['ar', 'de'], 30)], arabic))).toEqual([
      'arabic',
      'german',
    ]);
  });

  test('prefers the user’s second language to a language they do not speak, and orders by distance within one', () => {
    const ranked = rankGroups(
      [
        group('french', ['fr'], 3),
        group('english', ['en'], 8),
        group('arabic-near', ['ar'], 4),
        group('arabic', ['ar'], 9),
      ],
      { topics: ['depression'], languages: ['ar', 'en'] },
    );
    expect(ids(ranked)).toEqual(['arabic-near', 'arabic', 'english', 'french']);
  });

  test('shows at most two online groups among the first five, after the best local ones', () => {
    const local = [1, 2, 3, 4, 5, 6].map((km) => group(`local-${km}`, ['ar'], km));
    const online = ['a', 'b', 'c'].map((id) => group(`online-${id}`, ['ar']));
    const ranked = ids(rankGroups([...online, ...local], arabic));
    expect(ranked.slice(0, 5)).toEqual(['local-1', 'local-2', 'local-3', 'online-a', 'online-b']);
    expect(ranked.slice(5)).toEqual(['local-4', 'local-5', 'local-6', 'online-c']);
  });

  test('fills the list with online groups when the local ones run out', () => {
    const ranked = rankGroups(
      [
        group('online-a', ['ar']),
        group('online-b', ['ar']),
        group('online-c', ['ar']),
        group('local', ['ar'], 3),
      ],
      arabic,
    );
    expect(ids(ranked)).toEqual(['local', 'online-a', 'online-b', 'online-c']);
  });

  test('lets an online group that matches more concerns go before local ones', () => {
    const ranked = rankGroups(
      [group('local', ['ar'], 1), group('online-both', ['ar'], undefined, ['depression', 'anxiety'])],
      { topics: ['depression', 'anxiety'], languages: ['ar'] },
    );
    expect(ids(ranked)).toEqual(['online-both', 'local']);
  });

  test('rounds distances for display: one decimal under 10 km, whole kilometres above', () => {
    const ranked = rankGroups([group('near', ['ar'], 3.14), group('far', ['ar'], 27.6)], arabic);
    expect(ranked.map((g) => g.distanceKm)).toEqual([3.1, 28]);
    expect(ranked.every((g) => g.online || g.distanceKm !== undefined)).toBe(true);
  });
});

describe('languagePenaltyKm', () => {
  test('treats Bokmål and Nynorsk as one language and Dari as close to Persian', () => {
    expect(languagePenaltyKm(['nn'], ['nb'])).toBe(0);
    expect(languagePenaltyKm(['fa'], ['prs'])).toBeGreaterThan(languagePenaltyKm(['prs'], ['prs']));
    expect(languagePenaltyKm(['fa'], ['prs'])).toBeLessThan(languagePenaltyKm(['de'], ['prs']));
    expect(languagePenaltyKm(['de'], ['ar'])).toBe(OTHER_LANGUAGE_PENALTY_KM);
  });
});

describe('roundDistanceKm', () => {
  test.each([
    [0.04, 0],
    [9.94, 9.9],
    [9.96, 10],
    [10.4, 10],
    [152.5, 153],
  ])('%f km reads as %f', (km, shown) => {
    expect(roundDistanceKm(km)).toBe(shown);
  });
});
