// Ticket codes as people read and type them, and the QR code shown beside one.

/** A code as the server compares it: upper case, without spaces or dashes. */
export function normalizeCode(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

/** "ABCD EFGH IJKL …": groups of four, easier to read out and to type. */
export function groupCode(code: string, separator = ' '): string {
  const plain = normalizeCode(code);
  return plain.match(/.{1,4}/g)?.join(separator) ?? '';
}

/**
 * A QR code's SVG markup as an image source, or null when the text is not an
 * SVG document. As an image the markup can run nothing, and the page's
 * Content-Security-Policy (which allows `data:` images) needs no exception.
 */
export function svgImageSource(markup: string): string | null {
  const text = markup.trim();
  if (!/^<svg[\s>]/.test(text) || !text.endsWith('</svg>')) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}
