export const dynamic = "force-dynamic";
export { getImageFile as GET } from "@/lib/api/routes/images-files";
