/** PURE composition of announcements from prompt parts. */
export {
  type SayLanguage, type NumberOptions, numberPrompts, digitPrompts, messageCountPrompts, queuePositionPrompts, expectedWaitPrompts,
} from './say-number.js';
