import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { POST } from "@/lib/api/routes/images-edits";
export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
