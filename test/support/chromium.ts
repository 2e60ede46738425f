import { existsSync } from 'node:fs';

/** Where Chromium or Chrome usually lives; `CHROMIUM_PATH` first. */
const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser the end-to-end tests drive, or a one-line error that says how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : USUAL_PLACES;
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: point it at a Chromium or Chrome binary.`
      : 'No Chromium found (the staff-view test drives a real browser): apt-get install -y chromium, or set CHROMIUM_PATH.',
  );
}
