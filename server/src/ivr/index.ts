/**
 * IVR menus (issue 4 item 4): the `ivr` route step's executor. Menus come from the dialplan
 * (`ivrMenus`: prompt, digit to target, timeout, attempts, invalid/timeout fallbacks); nested menus
 * are `{ ivr: id }` targets.
 */
import type { Feature } from '../feature.js';
import { ivrExecutor } from './executor.js';

export { ivrAction, type IvrAction, type IvrInput } from './decide.js';
export { ivrExecutor } from './executor.js';

/** The IVR feature. */
export const ivrFeature: Feature = (ctx) => {
  ctx.addExecutor('ivr', ivrExecutor);
};
