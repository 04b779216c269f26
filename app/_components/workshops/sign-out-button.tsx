"use client";

import { useRouter } from "next/navigation";

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="btn btn-ghost"
      onClick={async () => {
        await fetch("/api/formateur/session", { method: "DELETE" });
        router.push("/formateur");
        router.refresh();
      }}
    >
      Se déconnecter
    </button>
  );
}
