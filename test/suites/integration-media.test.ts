// Integration tests of the media engine (ESL, RTP, fsmrf) in one process (see unit-files.ts).
import { importAll, testFiles } from './unit-files.js';

await importAll(testFiles('test/integration', ['media-esl', 'media-sip']));
