import { NextResponse, type NextRequest } from "next/server";
import { guardRequest } from "@/lib/api/proxy-guard";

/** Runs before every route, page and server action: see lib/api/proxy-guard.ts. */
export function proxy(request: NextRequest) {
  const { response, headers } = guardRequest(request);
  if (response) return response;
  const next = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) next.headers.set(name, value);
  return next;
}

export const config = {
  // Static assets change nothing and name nothing: they skip the guard.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
