"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { afterFirstTerminal } from "../../_lib/after-first-terminal";

/**
 * The workshop banner, loaded after the page: it shows nothing until
 * /api/atelier has answered anyway, and its response schemas (zod) would
 * otherwise weigh on every page's first load (docs/benchmarks.md, 200 KB).
 */
const WorkshopBanner = dynamic(() => import("./workshop-banner").then((m) => m.WorkshopBanner), { ssr: false });

/**
 * On a chapter whose terminal starts at load, the banner waits for its
 * prompt (at most a few seconds): compiling and running its chunk (~90 ms of
 * the main thread on 2 cores, bench:web) came right in the path to the prompt.
 */
export function LazyWorkshopBanner() {
  const [ready, setReady] = useState(false);
  useEffect(() => afterFirstTerminal(() => setReady(true)), []);
  return ready ? <WorkshopBanner /> : null;
}
