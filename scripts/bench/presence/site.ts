/**
 * The bench site: teams of 21 members with pickup, so every user is watched by 20 colleagues
 * (BLF keys of a 20-key expansion module). 96 teams give 2,016 users and 40,320 subscriptions.
 */
import { stringify } from 'yaml';

/** Password of every bench user. */
export const PASSWORD = 'bench-password-1';
/** Domain (digest realm) of the bench site. */
export const DOMAIN = 'bench.zentrale.test';
/** Watchers per watched user. */
export const WATCHERS = 20;

/** The extension of user i. */
export function ext(i: number): string {
  return String(50000 + i);
}

/** Dialplan YAML for `teams` teams of WATCHERS + 1 members. */
export function benchDialplan(teams: number): { yaml: string; users: number } {
  const size = WATCHERS + 1;
  const users = teams * size;
  const doc = {
    site: { name: 'Bench Amt', domain: DOMAIN },
    users: Array.from({ length: users }, (_, i) => ({ extension: ext(i), name: `User ${i}`, password: PASSWORD, voicemail: { enabled: false } })),
    teams: Array.from({ length: teams }, (_, k) => ({
      id: `team-${k}`, members: Array.from({ length: size }, (_, j) => ext(k * size + j)), pickup: true,
    })),
  };
  return { yaml: stringify(doc), users };
}

/** The colleagues who watch user i (the other members of its team). */
export function watchersOf(i: number): number[] {
  const size = WATCHERS + 1;
  const base = Math.floor(i / size) * size;
  return Array.from({ length: size }, (_, j) => base + j).filter((j) => j !== i);
}
