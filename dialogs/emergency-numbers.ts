import type { Country } from './types';

/** One line of the emergency message: the locale key that says what the number is for, and the number. */
export interface EmergencyLine {
  key: string;
  number: string;
}

/**
 * Numbers that are free and answer day and night (checked against the services' own pages, 2026).
 * Germany: 112 ambulance/fire, 110 police, TelefonSeelsorge, Hilfetelefon Gewalt gegen Frauen.
 * Norway: 113 medical, 112 police, 110 fire, Mental Helse hjelpetelefon, Kirkens SOS.
 */
export const EMERGENCY_NUMBERS: Record<Country, EmergencyLine[]> = {
  DE: [
    { key: 'emergency.emergency', number: '112' },
    { key: 'emergency.police', number: '110' },
    { key: 'emergency.crisisLine', number: '0800 111 0 111' },
    { key: 'emergency.crisisLine', number: '0800 111 0 222' },
    { key: 'emergency.violenceLine', number: '116 016' },
  ],
  NO: [
    { key: 'emergency.medical', number: '113' },
    { key: 'emergency.police', number: '112' },
    { key: 'emergency.fire', number: '110' },
    { key: 'emergency.mentalHelse', number: '116 123' },
    { key: 'emergency.kirkensSos', number: '22 40 00 40' },
  ],
};
