/**
 * V8 flags of the feature server. A 64 MB semi-space lets the short-lived objects of a SIP
 * transaction die young instead of being promoted and collected by the costlier old-generation
 * GC: under SIPp load the feature server spent 13 % of its time in GC and needed about 12 % less
 * CPU per call with it (scripts/bench/calls/README.md). The young generation may then take up to
 * about 130 MB more under load.
 *
 * Not for the SIP engine: with it, the engine's 10-minute soak at 2,000 calls/s grew to 1.25 GB
 * and lost calls, against a flat 680-730 MB and none lost without it (issue 2).
 *
 * `npm start` (package.json), the `zentrale` bin's shebang and docker/feature-server.Dockerfile
 * pass these flags.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
