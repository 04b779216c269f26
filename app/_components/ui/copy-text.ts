/**
 * Puts `text` on the clipboard. The Clipboard API is refused on plain http
 * at a LAN address (a classroom server); the old way, a selected textarea
 * and the copy command, still works there. The focus goes back where it was.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    previous?.focus();
  }
}
