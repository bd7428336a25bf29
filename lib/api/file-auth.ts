import "server-only";
import { authMode } from "@/lib/auth/mode";
import { viewerFrom } from "@/lib/auth/session";
import { checkImageSignature } from "@/lib/auth/signed-url";
import { canViewImage } from "@/lib/services/accounts-users";
import { ApiError, type ApiErrorType } from "./errors";

type FileRoute<C> = (req: Request, ctx: C) => Promise<Response>;

function refusal(status: number, message: string, type: ApiErrorType, code: string): Response {
  return Response.json(new ApiError(status, message, type, null, code).toBody(), { status });
}

/** The image id a file URL names (/images/img_….png, /images/thumbs/img_….webp). */
const imageIdOf = (url: URL) => /\/(img_[a-z0-9]+)\.[a-z0-9]+$/i.exec(url.pathname)?.[1];

/**
 * Image and thumbnail files: open in local mode; with accounts on, a signed URL (API answers, share
 * pages) or a session whose user owns the image's generation (or is an admin); another member's image is
 * a 404, as if it did not exist. While only first-run setup answers, nothing.
 */
export function guardedFile<C>(handler: FileRoute<C>): FileRoute<C> {
  return async (req, ctx) => {
    const mode = await authMode();
    if (mode === "local") return handler(req, ctx);
    if (mode === "setup") return refusal(503, "Darkroom is waiting for its first admin: open /setup", "server_error", "setup_required");
    const url = new URL(req.url);
    const signature = checkImageSignature(url);
    if (signature === "valid") return privately(await handler(req, ctx));
    if (signature === "expired") return refusal(403, "This signed image URL has expired; ask the API for the generation again", "permission_error", "url_expired");
    const viewer = await viewerFrom(req.headers);
    if (!viewer) return refusal(401, "Sign in, or use the signed URL from the API answer", "authentication_error", "missing_session");
    const imageId = imageIdOf(url);
    if (imageId && !(await canViewImage(viewer, imageId))) return refusal(404, `Image ${imageId} does not exist`, "invalid_request_error", "image_not_found");
    return privately(await handler(req, ctx));
  };
}

/** With accounts on, files are per-user: shared caches must not keep them. */
function privately(response: Response): Response {
  const cache = response.headers.get("cache-control");
  if (cache?.startsWith("public")) response.headers.set("cache-control", cache.replace(/^public/, "private"));
  return response;
}
