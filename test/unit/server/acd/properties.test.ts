/**
 * Property loop (CONVENTIONS §2.9, hotlines.md §8): random hotline configurations and random
 * interleavings of arrivals, hang-ups, answers, rejections, logins, logouts, pauses, device changes,
 * opening hours, ticks and reconfigurations. After EVERY step the reference model (model.ts) checks
 * the invariants, and the ACD's own views must agree with the model.
 */
import t from 'tap';
import fc from 'fast-check';
import { holds } from './property.js';
import { configArb, runScenario, stepsArb } from './scenario.js';

void t.test('every invariant holds after every step of random hotline traffic, reloads included', async (t) => {
  holds(t, fc.property(configArb, stepsArb, fc.boolean(), (config, actions, warm) => {
    const v = runScenario(config, actions, warm);
    if (v.length > 0) throw new Error(v.slice(0, 5).join('\n'));
    return true;
  }), { numRuns: 200 });
});
