import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { deletePayloadsRoute as DELETE } from "@/lib/api/routes/purge";
export const { GET, POST, PUT, PATCH, OPTIONS } = onlyMethods("DELETE");
