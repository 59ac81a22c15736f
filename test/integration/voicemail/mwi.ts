/**
 * A phone that watches its mailbox (RFC 3842 message-summary), as SIPp: it subscribes with the
 * user's credentials, answers every NOTIFY, and once a NOTIFY body matches the expected text it
 * unsubscribes and ends. The NOTIFYs it received come back from SIPp's message trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pbx } from '../../helpers/pbx.js';
import { asUser } from '../../helpers/phones.js';
import { freePort } from '../../helpers/ports.js';
import { startSipp, type SippResult } from '../../helpers/sipp.js';
import { waitFor } from '../../helpers/wait-for.js';
import { received, type ReceivedNotify } from '../presence/sip-trace.js';
import { USERS } from './site.js';
import { DROP, dropLines } from './timeline.js';

function subscribe(cseq: number, auth: boolean, expires: number, inDialog: boolean): string {
  return `
  <send retrans="500">
    <![CDATA[
      SUBSCRIBE ${inDialog ? '[next_url]' : 'sip:[service]@[remote_ip]:[remote_port]'} SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[user]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
      To:${inDialog ? '[$to202]' : ' <sip:[service]@[remote_ip]:[remote_port]>'}
      Call-ID: [call_id]
      ${inDialog ? '[routes]' : DROP}
      CSeq: ${cseq} SUBSCRIBE
      Contact: <sip:[user]@[local_ip]:[local_port];transport=[transport]>
      ${auth ? '[authentication]' : DROP}
      Event: message-summary
      Accept: application/simple-message-summary
      Expires: ${expires}
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>`;
}

const OK = `
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[user]@[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>`;

/** The watcher scenario: subscribe, answer NOTIFYs until one matches `until` (a regexp), unsubscribe. */
export function mwiScenario(until: string): string {
  return dropLines(`<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="mwi-watch-until">${subscribe(1, false, 600, false)}
  <recv response="407" auth="true"/>${subscribe(2, true, 600, false)}
  <recv response="202" rrs="true">
    <action><ereg regexp=".*" search_in="hdr" header="To:" check_it="true" assign_to="to202"/></action>
  </recv>
  <label id="wait"/>
  <recv request="NOTIFY" timeout="60000">
    <action><ereg regexp="${until}" search_in="body" check_it="false" assign_to="hit"/></action>
  </recv>
  <send next="unsubscribe" test="hit">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>${OK}
  <nop next="wait"/>
  <label id="unsubscribe"/>${subscribe(3, false, 0, true)}
  <recv response="200" optional="true" next="final"/>
  <recv response="202"/>
  <label id="final"/>
  <recv request="NOTIFY"/>${OK}
</scenario>
`);
}

/** A watching phone. */
export interface MailboxWatcher {
  /** Resolves once the PBX has sent the first NOTIFY of the subscription. */
  subscribed(): Promise<void>;
  /** Resolves when the watcher ended, with the NOTIFYs it got. */
  readonly done: Promise<SippResult & { notifies: ReceivedNotify[] }>;
}

/** `user` watches its own mailbox until a NOTIFY body matches `until`. */
export async function watchMailbox(p: Pbx, user: keyof typeof USERS, until: string): Promise<MailboxWatcher> {
  const file = join(mkdtempSync(join(tmpdir(), 'vm-mwi-')), 'mwi.xml');
  writeFileSync(file, mwiScenario(until));
  const mark = p.output().length;
  const run = startSipp({
    scenario: file, remote: `127.0.0.1:${p.sipPort}`, localPort: await freePort(), service: user,
    extra: asUser(user, USERS[user].password), timeoutSec: 90,
  });
  return {
    subscribed: () => waitFor(() => p.output().slice(mark).split('\n').some((l) => l.includes('NOTIFY answered') && l.includes(`"watcher":"${user}"`) && l.includes('"event":"message-summary"')), { ms: 10_000, what: `${user} subscribed to its mailbox` }).then(() => undefined),
    done: run.done.then((r) => ({ ...r, notifies: received(r.messages, 'NOTIFY') })),
  };
}
