/**
 * IVR menus (issue 4 item 4), PURE: what a key or a timeout leads to. A known key routes its
 * option; an unknown key or no key replays the prompt (after `invalidPrompt` for a wrong key)
 * until `attempts` plays are used up, then `onInvalid`/`onTimeout` take the call, or it ends.
 */
import type { IvrMenu, Target } from '../config/dialplan/index.js';
import type { PromptName } from '../domain/ids.js';

/** What the caller did after a prompt play. */
export type IvrInput = { readonly kind: 'digit'; readonly digit: string } | { readonly kind: 'timeout' };

/** What the menu does next. */
export type IvrAction =
  /** The caller chose an option. */
  | { readonly kind: 'route'; readonly digit: string; readonly target: Target }
  /** Play the prompt again, after `say` when set (the invalid-input prompt). */
  | { readonly kind: 'retry'; readonly say: PromptName | null }
  /** Out of attempts: go to the menu's fallback, or hang up when it has none. */
  | { readonly kind: 'give-up'; readonly why: 'timeout' | 'invalid'; readonly say: PromptName | null; readonly target: Target | undefined };

/** The next action after play number `attempt` (1-based) of `menu` ended with `input`. */
export function ivrAction(menu: IvrMenu, attempt: number, input: IvrInput): IvrAction {
  if (input.kind === 'digit') {
    const target = menu.options[input.digit];
    if (target) return { kind: 'route', digit: input.digit, target };
  }
  const why = input.kind === 'digit' ? 'invalid' : 'timeout';
  const say = why === 'invalid' ? menu.invalidPrompt : null;
  if (attempt < menu.attempts) return { kind: 'retry', say };
  return { kind: 'give-up', why, say, target: why === 'invalid' ? menu.onInvalid : menu.onTimeout };
}
