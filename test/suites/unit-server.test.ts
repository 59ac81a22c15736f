// The other unit tests of the feature server in one process (see unit-files.ts).
import { importAll, unitFiles } from './unit-files.js';

await importAll(unitFiles(['server'], ['server/acd', 'server/callerid', 'server/routing', 'server/config']));
