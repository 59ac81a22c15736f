/**
 * The media feature: confirmation prompts for feature codes (the caller hears "logged in",
 * "forwarding on" … instead of a reason phrase) once a media server is connected.
 */
import type { Feature } from '../feature.js';
import { promptFile } from './prompts.js';

/** Registers the media-based confirmer. */
export const mediaFeature: Feature = (ctx) => {
  ctx.featureCodes.setConfirmer(async (call, prompt) => {
    const party = call.caller.party;
    const lang = party.kind === 'user' ? (party.user.language ?? ctx.site().site.language) : ctx.site().site.language;
    const file = promptFile(prompt, lang) ?? promptFile('common/goodbye', lang);
    if (!file) return false;
    const ep = await call.answerWithMedia();
    if (!ep) return false;
    try {
      await ep.play(file);
    } catch (err) {
      ctx.log.warn({ err, prompt }, 'confirmation prompt failed');
    }
    call.hangupMedia();
    return true;
  });
};
