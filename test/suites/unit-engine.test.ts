// Unit tests of the SIP and media engines in one process (see unit-files.ts).
import { importAll, unitFiles } from './unit-files.js';

await importAll(unitFiles(['engine']));
