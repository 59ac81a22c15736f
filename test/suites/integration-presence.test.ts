// Integration tests of presence (SIP watchers, API, restart) in one process (see unit-files.ts).
import { importAll, testFiles } from './unit-files.js';

await importAll(testFiles('test/integration', ['presence']));
