/**
 * The file name a `Content-Disposition: attachment` header gives, or
 * undefined without one. Only the plain `filename="…"` form: the backend
 * names exports in ASCII.
 */
export function attachmentFileName(
  contentDisposition: string | null,
): string | undefined {
  const match = /filename="([^"]+)"/i.exec(contentDisposition ?? '');
  return match?.[1];
}

/**
 * Hands a downloaded body to the browser as a file. The request carried the
 * user's Backstage token, which a plain link cannot, so the body is fetched
 * first and saved through an object URL.
 */
export function saveDownload(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // After the click has started the download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
