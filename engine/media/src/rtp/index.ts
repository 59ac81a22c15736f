/** RTP: packets, jitter buffer, the shared media clock, port allocation and per-channel sessions. */
export { type RtpPacket, RTP_HEADER_LENGTH, parseRtp, writeRtpHeader, timestampDelta, sequenceDelta } from './packet.js';
export { type JitterBufferOptions, type JitterBufferCounters, type PulledFrame, JitterBuffer } from './jitter-buffer.js';
export { type MediaClockTask, type MediaClockOptions, type MediaClockStats, MediaClock } from './media-clock.js';
export { type AllocatedPort, PortAllocator } from './port-allocator.js';
export { type RtpSessionOptions, type FrameListener, FRAME_SAMPLES, RtpSession } from './rtp-session.js';
export { type RtpStats, emptyRtpStats, mediaStatsVariables } from './stats.js';
