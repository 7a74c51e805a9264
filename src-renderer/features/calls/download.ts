/**
 * Hands an export to the person who asked for it, as a browser download: the text
 * goes from memory to where they save it, never through a temp file of ours.
 */
export function offerDownload(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Let the download start before the object URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
