import { BUTTON, button, PREFIX } from '../buttons';
import { likelyCountry } from '../country';
import { say, topicList } from '../messages';
import type { Button, GroupView, Text } from '../types';
import { offerContactPoint } from './person';
import { type Turn, tally } from './turn';

/** Groups per page: enough to choose from, few enough to read on a phone. */
export const PAGE_SIZE = 5;

/** Runs the search for the session's concerns and place, and shows a page of results or the no-match help. */
export async function search(turn: Turn): Promise<void> {
  const { session, ports } = turn;
  const likely = likelyCountry(session);
  const result = await ports.directory.search({
    topics: session.concerns,
    languages: [session.lang],
    ...(session.place ? { place: session.place } : {}),
    ...(likely ? { country: likely } : {}),
    onlineOnly: session.onlineOnly,
    offset: session.resultsOffset,
    limit: PAGE_SIZE,
  });
  // For the referral code's weekly counts: a new search (not a further page) and the groups shown.
  if (session.resultsOffset === 0) tally(turn, 'searches');
  tally(turn, 'groupsShown', result.groups.length);
  if (result.groups.length === 0) {
    if (session.resultsOffset > 0) {
      turn.out.push(say('results.noMore', undefined, afterResultsButtons(false)));
      return;
    }
    await noMatch(turn);
    return;
  }
  session.step = 'results';
  const intro: Text =
    session.resultsOffset > 0
      ? { key: 'results.introMore' }
      : session.onlineOnly
        ? { key: 'results.introOnline' }
        : result.widened
          ? { key: 'results.introWidened' }
          : { key: 'results.intro', params: { count: result.total, topics: topicList(session.concerns) } };
  turn.out.push({
    kind: 'group-list',
    intro,
    groups: result.groups,
    buttons: [detailButtons(result.groups), ...afterResultsButtons(result.hasMore)],
  });
}

/** One numbered button per group, in the order of the list. */
function detailButtons(groups: GroupView[]): Button[] {
  return groups.map((group, i) => ({ id: `${PREFIX.group}${group.id}`, label: { raw: String(i + 1) } }));
}

function afterResultsButtons(hasMore: boolean): Button[][] {
  return [
    ...(hasMore ? [[button(BUTTON.resultsMore, 'results.more')]] : []),
    [button(BUTTON.person, 'menu.person'), button(BUTTON.newSearch, 'results.newSearch')],
  ];
}

export async function nextPage(turn: Turn): Promise<void> {
  turn.session.resultsOffset += PAGE_SIZE;
  await search(turn);
}

export async function showGroup(turn: Turn, id: string): Promise<void> {
  const group = await turn.ports.directory.group(id);
  const back = [[button(BUTTON.resultsBack, 'group.backToResults'), button(BUTTON.person, 'menu.person')]];
  if (!group) {
    turn.out.push(say('group.notFound', undefined, back));
    return;
  }
  turn.out.push({ kind: 'group', group, buttons: back });
}

/** Nothing fits: never a dead end. The nearest contact point, a person, founding a group, online groups. */
export async function noMatch(turn: Turn): Promise<void> {
  const { session } = turn;
  session.step = 'no-match';
  const topics = topicList(session.concerns);
  turn.out.push(say(session.place ? 'noMatch.text' : 'noMatch.textNoPlace', { topics }));
  await offerContactPoint(turn, [
    [button(BUTTON.startGroup, 'noMatch.startGroup')],
    ...(session.onlineOnly ? [] : [[button(BUTTON.onlineOnly, 'noMatch.onlineGroups')]]),
    [button(BUTTON.newSearch, 'noMatch.changeTopic')],
  ]);
}
