/**
 * The `mrf` dialplan context of freeswitch-conf/dialplan/mrf.xml, run for every new channel:
 *
 *   condition ${sip_user_agent} =~ ^drachtio-fsmrf:(.*)$
 *   answer; set send_silence_when_idle=-1; set hangup_after_bridge=false;
 *   set park_after_bridge=true; set playback_terminators=none;
 *   socket ${sip_h_X-esl-outbound} async full
 *
 * Without `playback_terminators=none` FreeSWITCH's default terminator `*` would end playback and
 * record (reference §2); the engine runs the same steps so both behave alike.
 */
import type { Channel } from './channel.js';

/** The user agent condition of the mrf extension. */
export const MRF_USER_AGENT = /^drachtio-fsmrf:(.*)$/;

/** Dialplan steps after the match, as [application, data] with `${…}` left for expansion. */
export const MRF_STEPS: ReadonlyArray<readonly [string, string]> = [
  ['answer', ''],
  ['set', 'send_silence_when_idle=-1'],
  ['set', 'hangup_after_bridge=false'],
  ['set', 'park_after_bridge=true'],
  ['set', 'playback_terminators=none'],
  ['socket', '${sip_h_X-esl-outbound} async full'],
];

/** The captures FreeSWITCH stores as `DP_MATCH`, or undefined when the extension does not match. */
export function matchMrf(userAgent: string | undefined): readonly string[] | undefined {
  const m = MRF_USER_AGENT.exec(userAgent ?? '');
  return m ? [m[0], m[1] ?? ''] : undefined;
}

/**
 * Runs the extension: CS_ROUTING → CS_EXECUTE, each step with CHANNEL_EXECUTE(_COMPLETE).
 * After the last step (normally only when the socket ends) the call is hung up with
 * NORMAL_CLEARING, as FreeSWITCH does at the end of a dialplan.
 */
export async function runMrfDialplan(channel: Channel): Promise<void> {
  channel.setState('CS_ROUTING');
  channel.setState('CS_EXECUTE');
  for (const [app, data] of MRF_STEPS) {
    if (!channel.ready) return;
    await channel.execute(app, data, channel.services.newUuid());
  }
  if (channel.ready) channel.hangup('NORMAL_CLEARING');
}
