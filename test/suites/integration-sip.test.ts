// The other integration tests (SIP engine with drachtio-srf, trunk registration, and any new
// folder) in one process (see unit-files.ts).
import { importAll, testFiles } from './unit-files.js';

await importAll(testFiles('test/integration', ['.'], ['media-esl', 'media-sip', 'presence']));
