import * as z from 'zod/mini';

const idList = z.pipe(
  z._default(z.string(), ''),
  z.transform((value: string) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  ),
);

/** Staff review configuration from the environment (all optional). */
export const StaffEnvSchema = z.object({
  /** Teams (`channelData.team.id`, `19:…@thread.tacv2`) whose channels may register as staff channels. */
  STAFF_TEAM_IDS: idList,
  /** Azure AD tenants whose teams may register. Both lists empty: every team may (local runs only). */
  STAFF_TENANT_IDS: idList,
  /** Unclaimed requests are announced again after this many hours. */
  REANNOUNCE_AFTER_HOURS: z._default(z.coerce.number().check(z.positive(), z.lte(24 * 30)), 24),
});

/** Who may register staff channels, and when unclaimed requests are announced again. */
export interface StaffConfig {
  teamIds: string[];
  tenantIds: string[];
  reannounceAfterHours: number;
  /**
   * With both lists empty: whether every team may register (local runs) or none (in AWS, where leaving the
   * lists empty must not let any organisation's team read the requests).
   */
  allowAllWhenUnset?: boolean;
}

/** Reads the staff configuration once per cold start; throws naming the variable when one is malformed. */
export function staffConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StaffConfig {
  const parsed = StaffEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid staff configuration: ${parsed.error.message}. Check STAFF_TEAM_IDS, STAFF_TENANT_IDS ` +
        '(comma-separated ids) and REANNOUNCE_AFTER_HOURS (a number of hours).',
      { cause: parsed.error },
    );
  }
  return {
    teamIds: parsed.data.STAFF_TEAM_IDS,
    tenantIds: parsed.data.STAFF_TENANT_IDS,
    reannounceAfterHours: parsed.data.REANNOUNCE_AFTER_HOURS,
    allowAllWhenUnset: !env.AWS_LAMBDA_FUNCTION_NAME,
  };
}

/**
 * Whether a team may register (and act): its id or its tenant is listed. Nothing listed allows every team
 * locally and none in AWS (`allowAllWhenUnset`): set STAFF_TEAM_IDS or STAFF_TENANT_IDS on the Teams function.
 */
export function teamAllowed(config: StaffConfig, teamId: string, tenantId: string | undefined): boolean {
  if (config.teamIds.length === 0 && config.tenantIds.length === 0) return config.allowAllWhenUnset ?? true;
  return config.teamIds.includes(teamId) || (tenantId !== undefined && config.tenantIds.includes(tenantId));
}
