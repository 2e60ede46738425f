import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where `npm start` keeps its local database between runs (`LOCAL_DATA_DIR`, default `.local-data` in the
 * project), and the endpoint of the running one, so `npm run import -- --local` can write into it.
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LOCAL_DATA_DIR || '.local-data');
}

/** The folder dynalite keeps its LevelDB in; `fresh` empties it first. */
export function localDatabasePath(dir: string, fresh = false): string {
  const path = join(dir, 'dynamodb');
  if (fresh) rmSync(path, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return path;
}

const endpointFile = (dir: string) => join(dir, 'endpoint');

export function writeLocalEndpoint(dir: string, endpoint: string): void {
  writeFileSync(endpointFile(dir), `${endpoint}\n`);
}

export function clearLocalEndpoint(dir: string): void {
  rmSync(endpointFile(dir), { force: true });
}

/** The endpoint a running `npm start` wrote, if any (it may have stopped without removing it). */
export function readLocalEndpoint(dir: string): string | undefined {
  try {
    return readFileSync(endpointFile(dir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
