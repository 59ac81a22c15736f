/**
 * V8 flags of the long-running processes (feature server, SIP engine). A 64 MB semi-space lets
 * the short-lived objects of a SIP transaction die young instead of being promoted and collected
 * by the costlier old-generation GC: under SIPp load the feature server spent 13 % of its time in
 * GC and needed about 12 % less CPU per call with it (scripts/bench/calls/README.md). The young
 * generation may then take up to about 130 MB more per process under load.
 *
 * `npm start` (package.json) and the `zentrale` bin's shebang pass the same flags to the feature
 * server; `zentrale start` passes them to the SIP engine it spawns.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
