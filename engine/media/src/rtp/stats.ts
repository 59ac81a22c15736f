/**
 * Media statistics with FreeSWITCH's names (`rtp_audio_in_*`, `rtp_audio_out_*`), which
 * `uuid_set_media_stats` copies into channel variables (conformance/freeswitch/get-channel-variables).
 */

/** Mutable counters of one RTP session. */
export interface RtpStats {
  inRawBytes: number;
  inMediaBytes: number;
  inPacketCount: number;
  inMediaPacketCount: number;
  inSkipPacketCount: number;
  inJitterPacketCount: number;
  inDtmfPacketCount: number;
  inCngPacketCount: number;
  inFlushPacketCount: number;
  inLargestJbSize: number;
  inJitterMinVariance: number;
  inJitterMaxVariance: number;
  inJitterLossRate: number;
  inJitterBurstRate: number;
  inMeanInterval: number;
  inFlawTotal: number;
  inQualityPercentage: number;
  inMos: number;
  outRawBytes: number;
  outMediaBytes: number;
  outPacketCount: number;
  outMediaPacketCount: number;
  outSkipPacketCount: number;
  outDtmfPacketCount: number;
  outCngPacketCount: number;
  rtcpPacketCount: number;
  rtcpOctetCount: number;
}

/** All-zero statistics. */
export function emptyRtpStats(): RtpStats {
  return {
    inRawBytes: 0, inMediaBytes: 0, inPacketCount: 0, inMediaPacketCount: 0, inSkipPacketCount: 0,
    inJitterPacketCount: 0, inDtmfPacketCount: 0, inCngPacketCount: 0, inFlushPacketCount: 0, inLargestJbSize: 0,
    inJitterMinVariance: Infinity, inJitterMaxVariance: 0, inJitterLossRate: 0, inJitterBurstRate: 0, inMeanInterval: 0,
    inFlawTotal: 0, inQualityPercentage: 100, inMos: 4.5, outRawBytes: 0, outMediaBytes: 0, outPacketCount: 0,
    outMediaPacketCount: 0, outSkipPacketCount: 0, outDtmfPacketCount: 0, outCngPacketCount: 0, rtcpPacketCount: 0,
    rtcpOctetCount: 0,
  };
}

const VARIABLES: ReadonlyArray<readonly [string, keyof RtpStats, number]> = [
  ['rtp_audio_in_raw_bytes', 'inRawBytes', 0],
  ['rtp_audio_in_media_bytes', 'inMediaBytes', 0],
  ['rtp_audio_in_packet_count', 'inPacketCount', 0],
  ['rtp_audio_in_media_packet_count', 'inMediaPacketCount', 0],
  ['rtp_audio_in_skip_packet_count', 'inSkipPacketCount', 0],
  ['rtp_audio_in_jitter_packet_count', 'inJitterPacketCount', 0],
  ['rtp_audio_in_dtmf_packet_count', 'inDtmfPacketCount', 0],
  ['rtp_audio_in_cng_packet_count', 'inCngPacketCount', 0],
  ['rtp_audio_in_flush_packet_count', 'inFlushPacketCount', 0],
  ['rtp_audio_in_largest_jb_size', 'inLargestJbSize', 0],
  ['rtp_audio_in_jitter_min_variance', 'inJitterMinVariance', 2],
  ['rtp_audio_in_jitter_max_variance', 'inJitterMaxVariance', 2],
  ['rtp_audio_in_jitter_loss_rate', 'inJitterLossRate', 2],
  ['rtp_audio_in_jitter_burst_rate', 'inJitterBurstRate', 2],
  ['rtp_audio_in_mean_interval', 'inMeanInterval', 2],
  ['rtp_audio_in_flaw_total', 'inFlawTotal', 0],
  ['rtp_audio_in_quality_percentage', 'inQualityPercentage', 2],
  ['rtp_audio_in_mos', 'inMos', 2],
  ['rtp_audio_out_raw_bytes', 'outRawBytes', 0],
  ['rtp_audio_out_media_bytes', 'outMediaBytes', 0],
  ['rtp_audio_out_packet_count', 'outPacketCount', 0],
  ['rtp_audio_out_media_packet_count', 'outMediaPacketCount', 0],
  ['rtp_audio_out_skip_packet_count', 'outSkipPacketCount', 0],
  ['rtp_audio_out_dtmf_packet_count', 'outDtmfPacketCount', 0],
  ['rtp_audio_out_cng_packet_count', 'outCngPacketCount', 0],
  ['rtp_audio_rtcp_packet_count', 'rtcpPacketCount', 0],
  ['rtp_audio_rtcp_octet_count', 'rtcpOctetCount', 0],
];

/** The channel variables `uuid_set_media_stats` sets, in FreeSWITCH's order. */
export function mediaStatsVariables(stats: RtpStats): Array<[string, string]> {
  return VARIABLES.map(([name, key, decimals]) => [name, decimals === 0 ? String(Math.round(stats[key])) : stats[key].toFixed(decimals)]);
}
