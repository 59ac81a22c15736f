// The other unit tests of the feature server, and those of docker/, in one process (see unit-files.ts).
import { importAll, unitFiles } from './unit-files.js';

await importAll(unitFiles(['server', 'docker'], ['server/acd', 'server/callerid', 'server/routing', 'server/config']));
