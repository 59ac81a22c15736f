/** The application table of the media engine (what `show application` would list). */
import type { AppDefinition, AppRegistry } from '../channel/app-context.js';
import { basicApps } from './basic.js';
import { playAndGetDigitsApp } from './play-and-get-digits.js';
import { playbackApp } from './playback.js';
import { recordApp } from './record.js';
import { sayApp } from './say.js';

/** All applications this engine implements. `speak`, `bridge` and `conference` are not among them. */
export const ALL_APPS: readonly AppDefinition[] = [...basicApps, playbackApp, playAndGetDigitsApp, recordApp, sayApp];

/** Builds a registry; unknown names are not found (the channel then hangs up, as FreeSWITCH does). */
export function createAppRegistry(apps: readonly AppDefinition[] = ALL_APPS): AppRegistry {
  const byName = new Map(apps.map((a) => [a.name, a]));
  return { find: (name) => byName.get(name) };
}
