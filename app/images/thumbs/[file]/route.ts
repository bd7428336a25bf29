export const dynamic = "force-dynamic";
export { getThumbnailFile as GET } from "@/lib/api/routes/images-files";
