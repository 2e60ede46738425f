import type { TopicId } from './topics';
import type { GroupView } from './types';

/**
 * The order in which the bot offers groups. Pure: the directory finds candidates, this decides.
 *
 * 1. Language first: a group in a language the person does not speak never comes before one in their language
 *    (or one they speak), whatever else it matches. The search reads groups within 30 km (Germany) or 60 km
 *    (Norway) only, so "their language first" stays within reach.
 * 2. Topic match: groups that cover more of the user's concerns come first.
 * 3. Language, then distance, weighed together: a group's distance is lengthened by a language penalty
 *    (0 km in the user's own language, 10 km per step down their list of languages, 40 km when they share
 *    none).
 * 4. Online groups (found in the user's own language) join the local ones: in every five places at most two,
 *    after the best local ones, unless they match more concerns or the local groups run out.
 *
 * @example
 * rankGroups(candidates, { topics: ['depression'], languages: ['ar', 'de'] }).slice(offset, offset + limit)
 */

/** What the ranking needs to know about the user. */
export interface RankPreferences {
  topics: readonly TopicId[];
  /** In order of preference, the user's own language first. */
  languages: readonly string[];
}

/** Kilometres added per step down the user's list of languages. */
export const SPOKEN_LANGUAGE_STEP_KM = 10;
/** Kilometres added for a group in none of the user's languages: how far a mother-tongue group may be. */
export const OTHER_LANGUAGE_PENALTY_KM = 40;
/** Kilometres added for a closely related language (Dari for Persian and back). */
const RELATED_LANGUAGE_KM = 5;
/** Places per block of the list (one page of the bot) and how many of them may go to online groups. */
export const BLOCK_SIZE = 5;
export const ONLINE_PER_BLOCK = 2;

/**
 * Languages whose speakers understand each other's groups. Bokmål and Nynorsk are two written forms of
 * Norwegian (no penalty); Dari is a variety of Persian (a small one).
 */
const RELATED: Record<string, { language: string; km: number }[]> = {
  nb: [{ language: 'nn', km: 0 }],
  nn: [{ language: 'nb', km: 0 }],
  fa: [{ language: 'prs', km: RELATED_LANGUAGE_KM }],
  prs: [{ language: 'fa', km: RELATED_LANGUAGE_KM }],
};

/** Kilometres a group's languages add to its distance for this user (0 = the user's own language). */
export function languagePenaltyKm(
  groupLanguages: readonly string[],
  userLanguages: readonly string[],
): number {
  let best = OTHER_LANGUAGE_PENALTY_KM;
  userLanguages.forEach((language, position) => {
    const step = Math.min(position * SPOKEN_LANGUAGE_STEP_KM, OTHER_LANGUAGE_PENALTY_KM);
    if (groupLanguages.includes(language)) best = Math.min(best, step);
    for (const related of RELATED[language] ?? []) {
      if (groupLanguages.includes(related.language)) best = Math.min(best, step + related.km);
    }
  });
  return best;
}

/** How many of the user's concerns a group covers. */
export function topicMatches(group: GroupView, topics: readonly TopicId[]): number {
  return topics.filter((topic) => group.topics.includes(topic)).length;
}

/** Distance as the bot says it: one decimal under 10 km ("3.4 km"), whole kilometres from there ("27 km"). */
export function roundDistanceKm(km: number): number {
  return km < 10 ? Math.round(km * 10) / 10 : Math.round(km);
}

/**
 * Ranks candidates (local ones with their exact `distanceKm`, online ones without) into the list the user
 * pages through, with distances rounded for display. Deterministic: ties go by distance, name, then id.
 */
export function rankGroups(candidates: readonly GroupView[], preferences: RankPreferences): GroupView[] {
  const scored = candidates.map((group) => ({
    group,
    matches: topicMatches(group, preferences.topics),
    penalty: languagePenaltyKm(group.languages, preferences.languages),
    km: group.distanceKm ?? 0,
  }));
  type Scored = (typeof scored)[number];
  const understood = (s: Scored) => (s.penalty < OTHER_LANGUAGE_PENALTY_KM ? 1 : 0);
  const order = (a: Scored, b: Scored) =>
    understood(b) - understood(a) ||
    b.matches - a.matches ||
    a.km + a.penalty - (b.km + b.penalty) ||
    a.km - b.km ||
    a.group.name.localeCompare(b.group.name) ||
    (a.group.id < b.group.id ? -1 : a.group.id > b.group.id ? 1 : 0);
  const local = scored.filter((s) => !s.group.online).sort(order);
  const online = scored.filter((s) => s.group.online).sort(order);

  const ranked: Scored[] = [];
  let onlineInBlock = 0;
  while (local.length > 0 || online.length > 0) {
    const position = ranked.length % BLOCK_SIZE;
    if (position === 0) onlineInBlock = 0;
    const nextLocal = local[0];
    const nextOnline = online[0];
    const takeOnline =
      nextLocal === undefined ||
      (nextOnline !== undefined &&
        onlineInBlock < ONLINE_PER_BLOCK &&
        (understood(nextOnline) > understood(nextLocal) ||
          (understood(nextOnline) === understood(nextLocal) && nextOnline.matches > nextLocal.matches) ||
          (nextOnline.matches === nextLocal.matches && position >= BLOCK_SIZE - ONLINE_PER_BLOCK)));
    const taken = takeOnline ? online.shift() : local.shift();
    if (!taken) break;
    if (takeOnline) onlineInBlock++;
    ranked.push(taken);
  }
  return ranked.map(({ group }) =>
    group.distanceKm === undefined ? group : { ...group, distanceKm: roundDistanceKm(group.distanceKm) },
  );
}
