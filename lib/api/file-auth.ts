import "server-only";
import { authMode } from "@/lib/auth/mode";
import { viewerFrom } from "@/lib/auth/session";
import { checkImageSignature } from "@/lib/auth/signed-url";
import { ApiError, type ApiErrorType } from "./errors";

type FileRoute<C> = (req: Request, ctx: C) => Promise<Response>;

function refusal(status: number, message: string, type: ApiErrorType, code: string): Response {
  return Response.json(new ApiError(status, message, type, null, code).toBody(), { status });
}

/**
 * Image and thumbnail files: open in local mode; with accounts on, a signed URL (API answers) or a
 * session (pages); while only first-run setup answers, nothing.
 */
export function guardedFile<C>(handler: FileRoute<C>): FileRoute<C> {
  return async (req, ctx) => {
    const mode = await authMode();
    if (mode === "local") return handler(req, ctx);
    if (mode === "setup") return refusal(503, "Darkroom is waiting for its first admin: open /setup", "server_error", "setup_required");
    const signature = checkImageSignature(new URL(req.url));
    if (signature === "valid") return handler(req, ctx);
    if (signature === "expired") return refusal(403, "This signed image URL has expired; ask the API for the generation again", "permission_error", "url_expired");
    if (await viewerFrom(req.headers)) return handler(req, ctx);
    return refusal(401, "Sign in, or use the signed URL from the API answer", "authentication_error", "missing_session");
  };
}
