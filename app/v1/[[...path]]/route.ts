import { unknownApiPath } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
// Every path under here that no other route serves: a JSON 404 instead of the HTML not-found page.
export { unknownApiPath as GET, unknownApiPath as POST, unknownApiPath as PUT, unknownApiPath as PATCH, unknownApiPath as DELETE };
