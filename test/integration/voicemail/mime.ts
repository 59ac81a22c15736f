/**
 * Just enough MIME (RFC 2045-2047) to read the e-mails nodemailer sends in the tests: headers with
 * encoded words, multipart bodies, base64 and quoted-printable parts.
 */

/** One MIME part. */
export interface MimePart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*/g, (_m, _cs: string, enc: string, text: string) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    return Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  });
}

function split(raw: Buffer): MimePart {
  const text = raw.toString('latin1');
  const sep = text.indexOf('\r\n\r\n');
  const head = sep < 0 ? text : text.slice(0, sep);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(Buffer.from(line.slice(i + 1).trim(), 'latin1').toString('utf8'));
  }
  const rawBody = Buffer.from(sep < 0 ? '' : text.slice(sep + 4), 'latin1');
  const enc = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const body = enc === 'base64' ? Buffer.from(rawBody.toString('latin1').replace(/\s+/g, ''), 'base64')
    : enc === 'quoted-printable' ? Buffer.from(rawBody.toString('latin1').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
      : rawBody;
  return { headers, body };
}

/** The top-level headers and all leaf parts of a message. */
export function parseMail(raw: Buffer): { headers: Readonly<Record<string, string>>; parts: MimePart[] } {
  const top = split(raw);
  const leaves = (part: MimePart): MimePart[] => {
    const boundary = /boundary="?([^";]+)"?/i.exec(part.headers['content-type'] ?? '')?.[1];
    if (!boundary) return [part];
    const text = part.body.toString('latin1');
    return text.split(`--${boundary}`).slice(1).filter((s) => !s.startsWith('--')).flatMap((s) => leaves(split(Buffer.from(s.replace(/^\r\n/, ''), 'latin1'))));
  };
  return { headers: top.headers, parts: leaves(top) };
}
