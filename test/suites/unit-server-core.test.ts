// Unit and property tests of the pure decision modules in one process (see unit-files.ts).
import { importAll, unitFiles } from './unit-files.js';

await importAll(unitFiles(['server/acd', 'server/callerid', 'server/routing', 'server/config']));
