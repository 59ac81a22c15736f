/**
 * A call leg on the media engine: FreeSWITCH's switch_core_session + switch_channel for one
 * `sofia/drachtio_mrf/...` channel. It owns the variables, states, the RTP session, the DTMF
 * queue and the queue of private messages (`sendmsg`) that run dialplan applications.
 */
import type { EventValue, FsEvent, CallingSite, EventBus } from '../events/index.js';
import type { RtpSession } from '../rtp/index.js';
import type { AppContext, AppRegistry, AppServices } from './app-context.js';
import {
  basicDataHeaders, carriesVariables, profileHeaders, type BasicDataSource, type CallerProfile,
} from './channel-events.js';
import { DigitQueue } from './digit-queue.js';
import {
  type AnswerState, type CallState, type ChannelState, type HangupCause, HANGUP_CAUSES, callStateNumber, channelStateNumber,
} from './states.js';
import { ChannelVariables } from './variables.js';

/** A message queued to the channel by `sendmsg` (switch_ivr_parse_event). */
export type PrivateMessage =
  | {
    readonly kind: 'execute';
    readonly app: string;
    readonly arg: string;
    /** `Event-UUID`, echoed as `Application-UUID`. */
    readonly eventUuid: string | undefined;
    readonly eventUuidName: string | undefined;
    /** `event-lock: true`: nothing else runs until this application completes. */
    readonly eventLock: boolean;
    readonly loops: number;
  }
  | { readonly kind: 'hangup'; readonly cause: HangupCause }
  | { readonly kind: 'ignored'; readonly command: string };

/** Who ended the call. */
export type HangupInitiator = 'local' | 'remote';

/** Reported to the SIP side when the channel hangs up. */
export interface HangupInfo {
  readonly cause: HangupCause;
  readonly q850: number;
  /** `local`: the SIP side must send BYE (with `Reason: Q.850;cause=…`). `remote`: BYE came in. */
  readonly initiator: HangupInitiator;
}

/** Engine services a channel uses. */
export interface ChannelServices {
  readonly bus: EventBus;
  readonly apps: AppRegistry;
  readonly appServices: AppServices;
  /** Wall-clock milliseconds (event dates, profile times). */
  readonly nowMs: () => number;
  readonly newUuid: () => string;
}

/** Everything a channel is created with. */
export interface ChannelInit {
  readonly uuid: string;
  readonly profile: CallerProfile;
  readonly rtp: RtpSession;
  readonly services: ChannelServices;
}

const EXEC_SITE: CallingSite = { file: 'switch_core_session.c', func: 'switch_core_session_exec', line: 2944 };
const EXEC_COMPLETE_SITE: CallingSite = { file: 'switch_core_session.c', func: 'switch_core_session_exec', line: 2967 };
const STATE_SITE: CallingSite = { file: 'switch_channel.c', func: 'switch_channel_perform_set_running_state', line: 2183 };
const CALLSTATE_SITE: CallingSite = { file: 'switch_channel.c', func: 'switch_channel_perform_set_callstate', line: 301 };
const HANGUP_SITE: CallingSite = { file: 'switch_channel.c', func: 'switch_channel_perform_hangup', line: 3477 };
const ANSWER_SITE: CallingSite = { file: 'switch_channel.c', func: 'switch_channel_perform_mark_answered', line: 3761 };
const DESTROY_SITE: CallingSite = { file: 'switch_core_session.c', func: 'switch_core_session_perform_destroy', line: 1677 };
const HANGUP_COMPLETE_SITE: CallingSite = { file: 'switch_core_state_machine.c', func: 'switch_core_session_reporting_state', line: 951 };

/** One channel. */
export class Channel {
  readonly uuid: string;
  readonly vars = new ChannelVariables();
  readonly profile: CallerProfile;
  readonly rtp: RtpSession;
  readonly digits = new DigitQueue();
  readonly #services: ChannelServices;
  #runningState: ChannelState = 'CS_NEW';
  #stateNumber = 0;
  #callState: CallState = 'DOWN';
  #answerState: AnswerState = 'ringing';
  #hangupCause: HangupCause | undefined;
  #hangupInitiator: HangupInitiator = 'local';
  readonly #hangupController = new AbortController();
  #breakController = new AbortController();
  #queue: PrivateMessage[] = [];
  #acceptingMessages = false;
  #topRunning = false;
  #lockDepth = 0;
  #activeApps = 0;
  #finished = false;
  readonly #hangupListeners: Array<(info: HangupInfo) => void> = [];
  readonly #sessionDownListeners: Array<() => void> = [];
  readonly #destroyListeners: Array<() => void> = [];

  /** Creates a channel in CS_NEW; create-channel.ts drives it through the dialplan. */
  constructor(init: ChannelInit) {
    this.uuid = init.uuid;
    this.profile = init.profile;
    this.rtp = init.rtp;
    this.#services = init.services;
  }

  /** The engine services (apps and API commands use them). */
  get services(): ChannelServices {
    return this.#services;
  }

  /** `Channel-Name`. */
  get name(): string {
    return this.profile.channelName;
  }

  /** `Channel-State` (the running state). */
  get state(): ChannelState {
    return this.#runningState;
  }

  /** `Channel-Call-State`. */
  get callState(): CallState {
    return this.#callState;
  }

  /** `Answer-State`. */
  get answerState(): AnswerState {
    return this.#answerState;
  }

  /** The hangup cause once hung up. */
  get hangupCause(): HangupCause | undefined {
    return this.#hangupCause;
  }

  /** False once hangup started (switch_channel_ready). */
  get ready(): boolean {
    return this.#hangupCause === undefined;
  }

  /** Aborted when the channel hangs up. */
  get hangupSignal(): AbortSignal {
    return this.#hangupController.signal;
  }

  /** Microsecond epoch "now", as profile times and `*_stamp` variables use. */
  nowUs(): number {
    return Math.round(this.#services.nowMs() * 1000);
  }

  /** Moves the running state and fires CHANNEL_STATE. */
  setState(state: ChannelState): void {
    this.#runningState = state;
    this.#stateNumber = channelStateNumber(state);
    this.fire('CHANNEL_STATE', STATE_SITE);
  }

  /** Changes the call state and fires CHANNEL_CALLSTATE with the original state. */
  setCallState(state: CallState): void {
    const original = this.#callState;
    if (original === state) return;
    this.#callState = state;
    this.fire('CHANNEL_CALLSTATE', CALLSTATE_SITE, [
      ['Original-Channel-Call-State', original],
      ['Channel-Call-State-Number', `${callStateNumber(state)}`],
    ], { headersFirst: true });
  }

  /** Marks the channel answered (the dialplan's `answer`): CHANNEL_ANSWER and call state ACTIVE. */
  markAnswered(withMedia: boolean): void {
    if (this.#answerState === 'answered' || !this.ready) return;
    const now = this.nowUs();
    if (withMedia && this.profile.times.progressMedia === 0) this.profile.times.progressMedia = now;
    this.profile.times.answered = now;
    this.#answerState = 'answered';
    this.fire('CHANNEL_ANSWER', ANSWER_SITE);
    this.setCallState('ACTIVE');
  }

  /** The basic-data view for event building. */
  #basic(): BasicDataSource {
    const codec = this.rtp.media?.codec ?? 'PCMU';
    return {
      stateName: this.#runningState,
      stateNumber: this.#stateNumber,
      callState: this.#callState,
      channelName: this.profile.channelName,
      uuid: this.uuid,
      answerState: this.#answerState,
      hangupCause: this.#hangupCause,
      readCodec: codec,
      writeCodec: codec,
      profile: this.profile,
    };
  }

  /** Variables as event headers. */
  variableHeaders(): Array<[string, EventValue]> {
    return this.vars.entries().map(([k, v]) => [`variable_${k}`, v]);
  }

  /**
   * Builds and publishes a channel event: core headers, basic data, `extra`, then variables for
   * the event types that carry them. `headersFirst` puts `extra` before the basic data
   * (CHANNEL_CALLSTATE's `Original-Channel-Call-State`).
   */
  fire(name: string, site: CallingSite, extra: Array<[string, EventValue]> = [], options: { headersFirst?: boolean; body?: string; subclass?: string } = {}): void {
    const bus = this.#services.bus;
    if (!bus.wants(name)) return;
    const headers: Array<[string, EventValue]> = bus.coreHeaders(name, site);
    if (options.subclass) headers.push(['Event-Subclass', options.subclass]);
    if (options.headersFirst) headers.push(...extra, ...basicDataHeaders(this.#basic()));
    else headers.push(...basicDataHeaders(this.#basic()), ...extra);
    if (carriesVariables(name)) headers.push(...this.variableHeaders());
    const event: FsEvent = { name, headers, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.subclass ? { subclass: options.subclass } : {}) };
    bus.publish(event);
  }

  /**
   * The CHANNEL_DATA header set: the reply to an outbound socket's `connect` (with the `Channel-*`
   * profile copy, `withChannelProfile`) and the body of `uuid_dump` (without).
   */
  channelData(site: CallingSite, withChannelProfile: boolean): Array<[string, EventValue]> {
    const headers: Array<[string, EventValue]> = this.#services.bus.coreHeaders('CHANNEL_DATA', site);
    if (withChannelProfile) headers.push(...profileHeaders('Channel', this.profile));
    headers.push(...basicDataHeaders(this.#basic()), ...this.variableHeaders());
    return headers;
  }

  /**
   * Called by the `socket` application once its connection is up: from now on queued `sendmsg`
   * messages run (the channel is parked under socket control).
   */
  acceptMessages(): void {
    this.#acceptingMessages = true;
    this.#pump();
  }

  /** Queues a `sendmsg` message; dropped once the channel is hanging up. */
  queueMessage(message: PrivateMessage): void {
    if (!this.ready) return;
    this.#queue.push(message);
    this.#pump();
  }

  /**
   * `uuid_break`: stops the running media application (playback ends with status `break`);
   * with `all`, queued messages are discarded too.
   */
  breakMedia(all: boolean): void {
    if (all) this.#queue = this.#queue.filter((m) => m.kind !== 'execute' || !this.#isMedia(m.app));
    this.#breakController.abort();
    this.#breakController = new AbortController();
  }

  /** Runs one application now (dialplan step or a dequeued message) with execute events. */
  async execute(app: string, rawArg: string, appUuid: string, options: { eventLock?: boolean; loops?: number; uuidName?: string; fromMessage?: boolean } = {}): Promise<void> {
    const definition = this.#services.apps.find(app);
    if (!definition) {
      // switch_core_session_execute_application: "Invalid Application" hangs the call up.
      this.#services.appServices.log.warn({ uuid: this.uuid, app }, 'invalid application');
      this.hangup('DESTINATION_OUT_OF_ORDER');
      return;
    }
    const loops = Math.max(1, options.loops ?? 1);
    if (options.eventLock) this.#lockDepth++;
    this.#activeApps++;
    try {
      for (let loop = 1; loop <= loops && (this.ready || loop === 1); loop++) {
        if (options.fromMessage) {
          // switch_ivr_parse_event sets these for sendmsg executes only (not for dialplan steps).
          this.vars.set('current_loop', `${loop}`);
          this.vars.set('total_loops', `${loops}`);
        }
        const arg = this.vars.expand(rawArg);
        this.vars.set('current_application', app);
        this.vars.set('current_application_data', arg);
        this.vars.unset('current_application_response');
        const appHeaders: Array<[string, EventValue]> = [['Application', app]];
        if (arg !== '') appHeaders.push(['Application-Data', arg]);
        const uuidHeaders: Array<[string, EventValue]> = [['Application-UUID', appUuid]];
        if (options.uuidName) uuidHeaders.push(['Application-UUID-Name', options.uuidName]);
        this.fire('CHANNEL_EXECUTE', EXEC_SITE, [...appHeaders, ...uuidHeaders]);
        const signal = definition.media ? AbortSignal.any([this.hangupSignal, this.#breakController.signal]) : this.hangupSignal;
        const ctx: AppContext = { channel: this, signal, services: this.#services.appServices };
        try {
          await definition.run(ctx, arg);
        } catch (err) {
          this.#services.appServices.log.error({ err, uuid: this.uuid, app }, 'application failed');
        }
        const response = this.vars.get('current_application_response') ?? '_none_';
        this.fire('CHANNEL_EXECUTE_COMPLETE', EXEC_COMPLETE_SITE, [...appHeaders, ['Application-Response', response], ...uuidHeaders]);
      }
      if (options.fromMessage) {
        this.vars.unset('current_loop');
        this.vars.unset('total_loops');
      }
    } finally {
      this.#activeApps--;
      if (options.eventLock) this.#lockDepth--;
      if (!this.ready) this.#maybeFinishHangup();
      else this.#pump();
    }
  }

  /**
   * Hangs the channel up (switch_channel_perform_hangup). Running applications are aborted and
   * complete with their events, then the socket application completes, CHANNEL_CALLSTATE HANGUP
   * goes out and the controlling socket is told (conformance/freeswitch/play: that order).
   */
  hangup(cause: HangupCause = 'NORMAL_CLEARING', initiator: HangupInitiator = 'local'): void {
    if (this.#hangupCause !== undefined) return;
    this.#hangupCause = cause;
    this.#hangupInitiator = initiator;
    this.#stateNumber = channelStateNumber('CS_HANGUP');
    this.#answerState = 'hangup';
    this.profile.times.hangup = this.nowUs();
    this.#queue = [];
    this.#hangupController.abort();
    this.fire('CHANNEL_HANGUP', HANGUP_SITE);
    const info: HangupInfo = { cause, q850: HANGUP_CAUSES[cause], initiator };
    for (const listener of this.#hangupListeners) {
      try {
        listener(info);
      } catch (err) {
        this.#services.appServices.log.error({ err, uuid: this.uuid }, 'hangup listener failed');
      }
    }
    this.#maybeFinishHangup();
  }

  /** Who hung up, once hung up. */
  get hangupInitiator(): HangupInitiator {
    return this.#hangupInitiator;
  }

  /** SIP side: be told when the channel hangs up (send BYE when `initiator` is `local`). */
  onHangup(listener: (info: HangupInfo) => void): void {
    this.#hangupListeners.push(listener);
  }

  /** ESL outbound socket: be told after CHANNEL_CALLSTATE HANGUP, to send the disconnect notice. */
  onSessionDown(listener: () => void): void {
    this.#sessionDownListeners.push(listener);
  }

  /** Be told when the channel is gone (after CHANNEL_DESTROY). */
  onDestroy(listener: () => void): void {
    this.#destroyListeners.push(listener);
  }

  #isMedia(app: string): boolean {
    return this.#services.apps.find(app)?.media ?? false;
  }

  #pump(): void {
    while (this.ready && this.#acceptingMessages && this.#queue.length > 0) {
      const head = this.#queue[0] as PrivateMessage;
      if (this.#topRunning) {
        // A play loop parses private events between frames unless event-lock is in force.
        if (this.#lockDepth > 0) return;
        if (head.kind === 'execute' && this.#isMedia(head.app)) return;
        this.#queue.shift();
        void this.#run(head);
        continue;
      }
      this.#queue.shift();
      this.#topRunning = true;
      void this.#run(head).finally(() => {
        this.#topRunning = false;
        this.#pump();
      });
    }
  }

  async #run(message: PrivateMessage): Promise<void> {
    switch (message.kind) {
      case 'execute':
        await this.execute(message.app, message.arg, message.eventUuid ?? this.#services.newUuid(), {
          eventLock: message.eventLock,
          loops: message.loops,
          fromMessage: true,
          ...(message.eventUuidName ? { uuidName: message.eventUuidName } : {}),
        });
        return;
      case 'hangup':
        this.hangup(message.cause);
        return;
      case 'ignored':
        this.#services.appServices.log.debug({ uuid: this.uuid, command: message.command }, 'sendmsg command ignored');
        return;
    }
  }

  #maybeFinishHangup(): void {
    if (this.#finished || this.#activeApps > 0 || this.#hangupCause === undefined) return;
    this.#finished = true;
    // Let the aborting application's promise chains settle before the final events.
    setImmediate(() => this.#finishHangup());
  }

  #finishHangup(): void {
    const cause = this.#hangupCause ?? 'NORMAL_CLEARING';
    this.setState('CS_HANGUP');
    this.setCallState('HANGUP');
    for (const listener of this.#sessionDownListeners) listener();
    this.vars.set('hangup_cause', cause);
    this.vars.set('hangup_cause_q850', `${HANGUP_CAUSES[cause]}`);
    this.rtp.close();
    this.setState('CS_REPORTING');
    this.fire('CHANNEL_HANGUP_COMPLETE', HANGUP_COMPLETE_SITE);
    this.setState('CS_DESTROY');
    this.fire('CHANNEL_DESTROY', DESTROY_SITE);
    for (const listener of this.#destroyListeners) listener();
  }
}
