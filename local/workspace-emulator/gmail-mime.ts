// Just enough RFC 822 / MIME to answer Gmail's `format=full` (a tree of parts with decoded bodies) and to edit
// top-level headers of a stored raw message. Reading a message for people (addresses, text, html,
// attachments) is mailparser's job (gmail-mailbox.ts); Gmail's payload needs the part tree mailparser hides.

export interface MimeHeader {
  name: string;
  value: string;
}

export interface MimePart {
  headers: MimeHeader[];
  /** Lower-case `type/subtype`; `text/plain` when the part has no Content-Type (RFC 2045 default). */
  mimeType: string;
  filename: string;
  /** Decoded content (transfer encoding removed); empty for a multipart container. */
  body: Buffer;
  parts: MimePart[];
}

const BASE64_TEXT = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Gmail asks for base64url but tolerates standard base64; undefined when the text is neither. */
export function decodeBase64Url(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64_TEXT.test(compact)) return undefined;
  return Buffer.from(compact.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
}

export function encodeBase64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** Splits at the first empty line; a message without one is all headers. */
export function splitMessage(raw: Buffer): { headerText: string; body: Buffer } {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { headerText: raw.toString('utf8'), body: Buffer.alloc(0) };
  // Headers may carry raw UTF-8 (RFC 6532), so they are read as UTF-8; the body stays bytes.
  return {
    headerText: raw.subarray(0, match.index).toString('utf8'),
    body: raw.subarray(match.index + match[0].length),
  };
}

/** Unfolded headers with their values as written (encoded-words still encoded). */
export function parseHeaderLines(headerText: string): MimeHeader[] {
  const headers: MimeHeader[] = [];
  for (const line of headerText.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

export function headerValue(headers: MimeHeader[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** RFC 2047: adjacent words of one charset are joined before decoding, since a character may span two. */
export function decodeEncodedWords(value: string): string {
  let output = '';
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  let cursor = 0;
  const flush = (): void => {
    if (!pending) return;
    output += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(cursor, match.index);
    // Whitespace between two encoded-words is not part of the text.
    if (!(pending && between.trim() === '')) {
      flush();
      output += between;
    }
    const charset = (match[1] ?? 'utf-8').split('*')[0]?.toLowerCase() ?? 'utf-8';
    const data = match[3] ?? '';
    const bytes =
      match[2]?.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replaceAll('_', ' '));
    if (pending && pending.charset !== charset) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    cursor = match.index + match[0].length;
  }
  flush();
  return output + value.slice(cursor);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? '';
    const hex = source.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, 'latin1'));
    }
  }
  return Buffer.from(bytes);
}

/** `type/subtype; a=b; name*0*=utf-8''%E4…` → type and parameters (RFC 2231 continuations joined). */
export function parseStructuredHeader(value: string): { value: string; params: Record<string, string> } {
  const [first = '', ...rest] = splitOutsideQuotes(value, ';');
  const pieces = new Map<string, { index: number; extended: boolean; text: string }[]>();
  for (const item of rest) {
    const equals = item.indexOf('=');
    if (equals <= 0) continue;
    const key = item.slice(0, equals).trim().toLowerCase();
    let text = item.slice(equals + 1).trim();
    if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/\\(.)/g, '$1');
    const match = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key);
    if (!match) continue;
    const name = match[1] ?? key;
    const list = pieces.get(name) ?? [];
    list.push({ index: Number(match[2] ?? 0), extended: match[3] === '*', text });
    pieces.set(name, list);
  }
  const params: Record<string, string> = {};
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    if (!list.some((piece) => piece.extended)) {
      params[name] = decodeEncodedWords(list.map((piece) => piece.text).join(''));
      continue;
    }
    let charset = 'utf-8';
    const bytes: Buffer[] = [];
    for (const [position, piece] of list.entries()) {
      let text = piece.text;
      if (position === 0 && piece.extended) {
        const parts = text.split("'");
        if (parts.length >= 3) {
          charset = parts[0] || 'utf-8';
          text = parts.slice(2).join("'");
        }
      }
      bytes.push(
        piece.extended
          ? Buffer.from(
              text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
              'latin1',
            )
          : Buffer.from(text, 'utf8'),
      );
    }
    params[name] = decodeCharset(Buffer.concat(bytes), charset.toLowerCase());
  }
  return { value: first.trim(), params };
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < value.length; index++) {
    const char = value[index] ?? '';
    if (char === '\\' && quoted) {
      current += char + (value[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      items.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  items.push(current);
  return items;
}

export function parseMimeTree(raw: Buffer): MimePart {
  const { headerText, body } = splitMessage(raw);
  const rawHeaders = parseHeaderLines(headerText);
  const contentType = parseStructuredHeader(headerValue(rawHeaders, 'content-type') ?? 'text/plain');
  const disposition = parseStructuredHeader(headerValue(rawHeaders, 'content-disposition') ?? '');
  const mimeType = contentType.value.toLowerCase() || 'text/plain';
  const filename = disposition.params.filename ?? contentType.params.name ?? '';
  const headers = rawHeaders.map((header) => ({ name: header.name, value: decodeEncodedWords(header.value) }));
  const boundary = contentType.params.boundary;
  if (mimeType.startsWith('multipart/') && boundary) {
    return {
      headers,
      mimeType,
      filename,
      body: Buffer.alloc(0),
      parts: splitMultipart(body, boundary).map(parseMimeTree),
    };
  }
  const encoding = (headerValue(rawHeaders, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  return { headers, mimeType, filename, body: decodeTransferEncoding(body, encoding), parts: [] };
}

function decodeTransferEncoding(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body.toString('latin1'));
  return body;
}

/** Body parts between `--boundary` lines; the preamble and epilogue are dropped. */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let index = text.startsWith(delimiter) ? 0 : text.indexOf(`\n${delimiter}`) + 1;
  if (index <= 0 && !text.startsWith(delimiter)) return parts;
  while (index >= 0) {
    if (text.startsWith('--', index + delimiter.length)) break;
    const lineEnd = text.indexOf('\n', index);
    if (lineEnd < 0) break;
    const start = lineEnd + 1;
    const next = text.indexOf(`\n${delimiter}`, start - 1);
    let end = next < 0 ? text.length : next;
    if (end > start && text[end - 1] === '\r') end--;
    parts.push(Buffer.from(text.slice(start, Math.max(start, end)), 'latin1'));
    if (next < 0) break;
    index = next + 1;
  }
  return parts;
}

/** The raw message with every top-level header of that name removed (used to hide Bcc from recipients). */
export function removeHeader(raw: Buffer, name: string): Buffer {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match ? match.index : text.length;
  // Lines keep their '\r' (CRLF messages) so joining them with '\n' rebuilds the block byte for byte.
  const lines = text.slice(0, headerEnd).split('\n');
  const wanted = name.toLowerCase();
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = line.slice(0, line.indexOf(':')).trim().toLowerCase() === wanted;
    if (!dropping) kept.push(line);
  }
  // The block's last line carries no '\r' of its own (it belongs to the blank-line separator that follows).
  const head = kept.join('\n').replace(/\r$/, '');
  return Buffer.concat([Buffer.from(head, 'latin1'), raw.subarray(headerEnd)]);
}

/** Prepends header lines (Gmail adds a Message-ID and Date to messages that lack them). */
export function prependHeaders(raw: Buffer, lines: string[]): Buffer {
  if (lines.length === 0) return raw;
  return Buffer.concat([Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'utf8'), raw]);
}
