/** The ACD's configuration from the site configuration (the dialplan keys match the ACD's). */
import type { AcdConfig, HotlineConfig as AcdHotline, Target } from '../acd/index.js';
import type { SiteConfig } from '../config/dialplan/index.js';

/** Every hotline of the site as the ACD sees it. */
export function toAcdConfig(site: SiteConfig): AcdConfig {
  const hotlines: Record<string, AcdHotline> = {};
  for (const h of site.hotlines) {
    hotlines[h.number] = {
      number: h.number, name: h.name ?? `Hotline ${h.number}`, strategy: h.strategy, ringSec: h.ringSec, wrapUpSec: h.wrapUpSec,
      maxWaitSec: h.maxWaitSec, minAgents: h.minAgents, priority: h.priority, requires: h.requires,
      escalation: h.escalation, overflow: (h.overflow ?? null) as Target | null, afterHours: (h.afterHours ?? null) as Target | null,
      agents: h.agents.map((a) => ({ extension: a.extension, skills: a.skills, tier: a.tier })),
      maxWaiting: h.maxWaiting, announceSec: h.announceSec, noAgentOverflowSec: h.noAgentOverflowSec, maxMissedOffers: h.maxMissedOffers,
      busyBackoffSec: h.busyBackoffSec, staffingAlarmRepeatSec: h.alarm.repeatMin * 60, expectedHandleSec: h.expectedHandleSec, closeWaiting: h.closeWaiting,
    };
  }
  return { hotlines };
}
