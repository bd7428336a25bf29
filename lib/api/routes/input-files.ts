import "server-only";
import { authMode } from "@/lib/auth/mode";
import { viewerFrom } from "@/lib/auth/session";
import { checkImageSignature } from "@/lib/auth/signed-url";
import { canAccess } from "@/lib/auth/viewer";
import { formatFromExtension, MEDIA_TYPES } from "@/lib/images/sniff";
import { serverContext } from "@/lib/server/context";
import { inputForFile, ownerOfGeneration } from "@/lib/services/file-lookup";
import { invalidRequest, notFound } from "../errors";
import { apiRoute } from "../http";

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * guardedFile has let the request in (local mode, a valid signature, or a session); a session must also
 * own the edit the input belongs to, as for image files.
 */
async function mayOpen(req: Request, generationId: string): Promise<boolean> {
  if ((await authMode()) === "local" || checkImageSignature(new URL(req.url)) === "valid") return true;
  const [viewer, owner] = await Promise.all([viewerFrom(req.headers), ownerOfGeneration(generationId)]);
  return Boolean(viewer && owner && canAccess(viewer, owner));
}

/** GET /images/inputs/{id}.{png|jpg|webp}: an edit's input picture (or mask), in the format it was sent. */
export const getInputFile = apiRoute<{ file: string }>(async (req, _ctx, { file }) => {
  const match = /^(inp_[a-z0-9]+)\.([a-z0-9]+)$/i.exec(file);
  const format = match ? formatFromExtension(match[2]!) : undefined;
  if (!match || !format) throw invalidRequest(`'${file}' is not an input file name (inp_….png, .jpg or .webp)`, "file");
  const input = await inputForFile(match[1]!);
  // Purged with its generation, or never there; another extension than its own is no file either.
  if (!input || input.format !== format || !(await mayOpen(req, input.generationId))) throw notFound(`Input ${match[1]} does not exist as .${match[2]}`, "file", "input_not_found");
  const stored = await serverContext().storage.open(input.storageKey);
  if (!stored) throw notFound(`The file of input ${input.id} is missing from storage`, "file", "input_file_missing");
  return new Response(stored.body, { headers: { "content-type": MEDIA_TYPES[format], "content-length": String(stored.size), "cache-control": IMMUTABLE } });
});
