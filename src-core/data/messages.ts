// Helpers the parsers share for describing raw input in error messages.

/** True when the bytes start with the gzip magic number (1f 8b): a file someone forgot to unpack. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Bytes [start, end) as a quoted string for a message, cut to `max` characters with "…".
 * Printable ASCII shows as itself and anything else as \xNN, so a stray control byte or a
 * broken UTF-8 sequence is visible instead of silently garbling the message.
 */
export function quoteBytes(bytes: Uint8Array, start: number, end: number, max = 20): string {
  let text = '';
  const stop = Math.min(end, start + max);
  for (let i = start; i < stop; i++) {
    const b = bytes[i];
    text +=
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${text}${end > stop ? '…' : ''}"`;
}

/** Text as a quoted string for a message, cut to `max` characters with "…". */
export function quoteText(text: string, max = 20): string {
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}
