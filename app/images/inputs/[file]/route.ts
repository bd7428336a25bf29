import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
import { guardedFile } from "@/lib/api/file-auth";
import { getInputFile } from "@/lib/api/routes/input-files";

export const GET = guardedFile(getInputFile);
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
