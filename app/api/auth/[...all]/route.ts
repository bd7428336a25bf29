import { auth } from "@/lib/auth/server";

// better-auth's own endpoints (sign-in, sign-out, session, password change) under /api/auth.
export async function GET(request: Request) {
  return (await auth()).handler(request);
}

export async function POST(request: Request) {
  return (await auth()).handler(request);
}
