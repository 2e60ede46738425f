import type { HandoffView, RequestRefusal } from '../../dialogs/types';

/** The request a store filed; fails the test when the store refused it (an open request, the daily limit). */
export function filed(created: HandoffView | RequestRefusal): HandoffView {
  if ('refused' in created)
    throw new Error(`The request was refused (${created.refused}); the test expected it filed.`);
  return created;
}
