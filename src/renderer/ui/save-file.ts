/**
 * Saves text the app generated (a report, a proof) as a file the user keeps: a download in
 * browser mode, the save dialog in the desktop app. Nothing leaves the machine.
 */
export function saveTextFile(fileName: string, text: string, type: string): void {
  saveBlob(fileName, new Blob([text], { type }));
}

/** Saves bytes the app generated (a signed snapshot bundle) the same way. */
export function saveBytesFile(
  fileName: string,
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
): void {
  saveBlob(fileName, new Blob([bytes], { type }));
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; release ours after the click is handled.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** Copies text to the clipboard; false when the platform refused (the caller says so). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
