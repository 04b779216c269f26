import { NextResponse } from "next/server";
import { getCourse } from "../_lib/course";
import { buildSearchIndex } from "../_lib/content";

// Built once by `next build` and served as a static file.
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(buildSearchIndex(getCourse()));
}
