import { findChromium } from './chromium';

test('CHROMIUM_PATH wins over the usual places', () => {
  expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
});

test('a CHROMIUM_PATH that does not exist is named in a one-line error', () => {
  expect(() => findChromium({ CHROMIUM_PATH: '/nowhere/chromium' })).toThrow(
    /^CHROMIUM_PATH=\/nowhere\/chromium does not exist: point it at a Chromium or Chrome binary\.$/,
  );
});
