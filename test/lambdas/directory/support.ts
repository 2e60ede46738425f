import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Place } from '../../../dialogs/types';
import { type GroupRecord, GroupRecordSchema } from '../../../lambdas/directory/records';

/** Hamburg town hall square, the tests' usual user. */
export const HAMBURG: Place = {
  lat: 53.5508,
  lon: 10.0017,
  country: 'DE',
  label: '20095 Hamburg',
  postcode: '20095',
};

/** The point `km` east of `place` (same latitude). */
export function east(place: Place, km: number): Place {
  return {
    ...place,
    lon: place.lon + km / (111.195 * Math.cos((place.lat * Math.PI) / 180)),
    label: undefined,
  };
}

/** A valid group record; in person `km` east of Hamburg unless overridden. */
export function groupRecord(id: string, overrides: Record<string, unknown> = {}, km = 1): GroupRecord {
  const at = east(HAMBURG, km);
  return GroupRecordSchema.parse({
    id,
    name: `Gruppe ${id} (Demo)`,
    topics: 'depression',
    languages: 'de',
    country: 'DE',
    lat: at.lat,
    lon: at.lon,
    online: false,
    ...overrides,
  });
}

/** Counts the DynamoDB requests a client sends (one per `send`, retries not counted) until `stop()`. */
export function countRequests(client: DynamoDBClient): { commands: string[]; stop: () => void } {
  const name = `count-requests-${Math.random()}`;
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { commands, stop: () => client.middlewareStack.remove(name) };
}
