"use client";

import dynamic from "next/dynamic";

/**
 * The workshop banner, loaded after the page: it shows nothing until
 * /api/atelier has answered anyway, and its response schemas (zod) would
 * otherwise weigh on every page's first load (docs/benchmarks.md, 200 KB).
 */
export const LazyWorkshopBanner = dynamic(() => import("./workshop-banner").then((m) => m.WorkshopBanner), { ssr: false });
