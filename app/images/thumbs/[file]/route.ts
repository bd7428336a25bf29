import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { getThumbnailFile as GET } from "@/lib/api/routes/images-files";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
