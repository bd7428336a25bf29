import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
import { guardedFile } from "@/lib/api/file-auth";
import { getThumbnailFile } from "@/lib/api/routes/images-files";

export const GET = guardedFile(getThumbnailFile);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
