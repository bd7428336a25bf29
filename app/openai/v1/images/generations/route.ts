export const dynamic = "force-dynamic";
export { POST } from "@/lib/api/routes/images-generations";
