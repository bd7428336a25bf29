import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
import { guardedFile } from "@/lib/api/file-auth";
import { getImageFile } from "@/lib/api/routes/images-files";

export const GET = guardedFile(getImageFile);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
