import * as z from 'zod/mini';

/**
 * DynamoDB table names, from the environment (set by the CDK stack; defaults are the local names).
 *
 * - Sessions:  pk = "<channel>:<chat id>"; one item per chat; TTL attribute `expiresAt`.
 * - Directory: pk/sk; groups, contact points and their geo/topic index items (see lambdas/directory/keys.ts);
 *              GSI `byContactPoint` (contactPointId, pk) lists the groups of one contact point.
 * - Requests:  pk = request id; handoff requests, wishes to found a group, referral codes and their weekly
 *              counts (lambdas/referrals/dynamo-referrals.ts); GSI `byStatus` (status, createdAt).
 */
const tableName = (fallback: string) =>
  z._default(z.string().check(z.minLength(3, 'must be at least 3 characters')), fallback);

export const TableNamesSchema = z.object({
  SESSIONS_TABLE: tableName('selfhelp-sessions'),
  DIRECTORY_TABLE: tableName('selfhelp-directory'),
  REQUESTS_TABLE: tableName('selfhelp-requests'),
});

export interface TableNames {
  sessions: string;
  directory: string;
  requests: string;
}

/** Reads the table names once; throws with the variable's name when one is malformed. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env): TableNames {
  const parsed = TableNamesSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid table configuration: ${parsed.error.message}. Check the *_TABLE variables.`, {
      cause: parsed.error,
    });
  }
  return {
    sessions: parsed.data.SESSIONS_TABLE,
    directory: parsed.data.DIRECTORY_TABLE,
    requests: parsed.data.REQUESTS_TABLE,
  };
}
