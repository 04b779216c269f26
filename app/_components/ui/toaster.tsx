"use client";

import { useEffect, useState } from "react";
import { TOAST_EVENT } from "../../_lib/workbench-events";
import type { ToastDetail } from "../../_lib/workbench-events";

/** Shows `quai:toast` messages at the bottom of the screen, one at a time. */
export function Toaster() {
  const [toast, setToast] = useState<{ message: string; id: number } | null>(null);

  useEffect(() => {
    const onToast = (event: Event) => {
      const { message } = (event as CustomEvent<ToastDetail>).detail;
      setToast({ message, id: Date.now() });
    };
    window.addEventListener(TOAST_EVENT, onToast);
    return () => window.removeEventListener(TOAST_EVENT, onToast);
  }, []);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 3500);
    return () => clearTimeout(timer);
  }, [toast]);

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-5 z-50 flex justify-center px-4">
      {toast && (
        <div key={toast.id} className="toast pointer-events-auto rounded-full bg-slate-900 px-5 py-2.5 text-sm font-medium text-white shadow-lg ring-1 ring-white/10 dark:bg-white dark:text-slate-900">
          {toast.message}
        </div>
      )}
    </div>
  );
}
