/**
 * The features of this build, in the order they register. Each line is one feature module
 * (see feature.ts); SIP middleware registered earlier sees requests first.
 */
import type { Feature } from './feature.js';
import { presenceFeature } from './presence-feature/index.js';
import { trunksFeature } from './trunks/index.js';
import { hotlineFeature } from './hotlines/feature.js';
import { mediaFeature } from './media/feature.js';
import { voicemailFeature } from './voicemail/index.js';
import { ivrFeature } from './ivr/index.js';

/** Every feature, in registration order. */
export const features: readonly Feature[] = [mediaFeature, presenceFeature, hotlineFeature, trunksFeature, voicemailFeature, ivrFeature];
