"use client";

import { useEffect, useState } from "react";
import { copyText } from "./copy-text";
import { CheckIcon, CopyIcon } from "./icons";

/** « Copier »: puts `text` on the clipboard, then says « Copié » for a moment. */
export function CopyButton({ text, className = "" }: { text: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1600);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    await copyText(text);
    setCopied(true);
  }

  return (
    <button type="button" onClick={copy} className={`code-btn ${className}`} aria-live="polite">
      {copied ? <CheckIcon /> : <CopyIcon />}
      <span>{copied ? "Copié" : "Copier"}</span>
    </button>
  );
}
