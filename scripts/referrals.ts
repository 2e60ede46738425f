import * as z from 'zod';
import { tableNamesFromEnv } from '../lambdas/config/tables';
import { recentWeeks } from '../lambdas/referrals/code';
import { DynamoReferrals } from '../lambdas/referrals/dynamo-referrals';
import { referralCsv } from '../lambdas/staff/referral-card';
import { createDynamoClient } from '../lambdas/store/client';
import { quietSdkVersionWarning } from './quiet-sdk-warning';

const ArgsSchema = z.object({
  command: z.literal('export'),
  weeks: z.coerce.number().int().min(1).max(520).default(12),
});

/**
 * `npm run referrals -- export [--weeks N]`: the referral codes' weekly counts as CSV on stdout (for reports to
 * funders), the last N weeks including this one. Reads `REQUESTS_TABLE` (locally at `DYNAMODB_ENDPOINT`): one
 * GetItem per week and BatchGetItem for the organisations' names, no Scan. The counts hold no personal data.
 */
async function main(): Promise<void> {
  quietSdkVersionWarning();
  const argv = process.argv.slice(2);
  const weeksAt = argv.indexOf('--weeks');
  const parsed = ArgsSchema.safeParse({
    command: argv[0],
    weeks: weeksAt >= 0 ? argv[weeksAt + 1] : undefined,
  });
  if (!parsed.success) {
    console.error('Usage: npm run referrals -- export [--weeks N]   (N from 1 to 520, default 12)');
    process.exit(2);
  }
  const store = new DynamoReferrals({
    client: createDynamoClient(),
    tableName: tableNamesFromEnv().requests,
  });
  const rows = await store.weekCounts(recentWeeks(new Date(), parsed.data.weeks));
  const records = await store.records(rows.map((row) => row.code));
  process.stdout.write(`${referralCsv(rows, records)}\r\n`);
}

main().catch((error: unknown) => {
  console.error('Export failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
