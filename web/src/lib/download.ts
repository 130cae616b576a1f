// Files fetched with the token (which is no cookie, so a plain link cannot
// send it), handed to the browser as downloads.

/** A file name from a title: "Jazz at the Park" → "jazz-at-the-park-attendees.csv". */
export function downloadName(title: string, suffix: string, extension: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug ? `${slug}-` : ''}${suffix}.${extension}`;
}

/** Saves `blob` as `filename` through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the time the click returns; the URL is kept a moment for slower browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A blob as a `data:` URL, for images: the page's Content-Security-Policy allows `data:` images, not `blob:` ones. */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read.'));
    reader.readAsDataURL(blob);
  });
}
