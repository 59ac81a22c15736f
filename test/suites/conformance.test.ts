// The conformance tests (recorded drachtio-server behaviour replayed against the SIP engine, and
// their comparison library) in one process (see unit-files.ts).
import { importAll, testFiles } from './unit-files.js';

await importAll(testFiles('test/conformance', ['.']));
