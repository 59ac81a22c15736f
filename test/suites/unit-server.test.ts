// The other unit tests of the feature server, those of docker/ and of the test helpers, in one process (see unit-files.ts).
import { importAll, unitFiles } from './unit-files.js';

await importAll(unitFiles(['server', 'docker', 'helpers'], ['server/acd', 'server/callerid', 'server/routing', 'server/config']));
