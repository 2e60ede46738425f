import { staffConfigFromEnv, teamAllowed } from '../../../lambdas/staff/config';

describe('the staff configuration', () => {
  test('reads comma-separated team and tenant ids and the re-announce hours', () => {
    expect(
      staffConfigFromEnv({
        STAFF_TEAM_IDS: ' 19:a@thread.tacv2, 19:b@thread.tacv2 ,',
        REANNOUNCE_AFTER_HOURS: '12',
      }),
    ).toMatchObject({
      teamIds: ['19:a@thread.tacv2', '19:b@thread.tacv2'],
      tenantIds: [],
      reannounceAfterHours: 12,
    });
  });

  test('lets a team register when its id or its tenant is listed, and no other', () => {
    const config = staffConfigFromEnv({ STAFF_TEAM_IDS: '19:a', STAFF_TENANT_IDS: 'tenant-1' });
    expect(teamAllowed(config, '19:a', 'tenant-9')).toBe(true);
    expect(teamAllowed(config, '19:z', 'tenant-1')).toBe(true);
    expect(teamAllowed(config, '19:z', 'tenant-9')).toBe(false);
  });

  test('allows every team locally when nothing is listed, and none in AWS', () => {
    expect(teamAllowed(staffConfigFromEnv({}), '19:any', undefined)).toBe(true);
    expect(teamAllowed(staffConfigFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'Teams' }), '19:any', undefined)).toBe(
      false,
    );
  });

  test('names the variables to fix when a value is malformed', () => {
    expect(() => staffConfigFromEnv({ REANNOUNCE_AFTER_HOURS: 'soon' })).toThrow(/REANNOUNCE_AFTER_HOURS/);
  });
});
