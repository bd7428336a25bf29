"use client";
import { useEffect } from "react";
import { saveDraftAction } from "@/app/(studio)/draft-actions";
import { searchFromBody } from "./form-state";

// Well below the ~8–16 KB request lines that servers and proxies accept (beyond, HTTP 431).
const URL_LIMIT = 4000;

/**
 * Keeps the address bar a working link: the settings themselves, or a saved draft's short id when too long.
 * `extra` is query text beyond the body (Edit mode and its gallery picture).
 */
export function useShareableUrl(body: Record<string, unknown>, extra = "") {
  useEffect(() => {
    const search = [searchFromBody(body), extra].filter(Boolean).join("&");
    if (search.length <= URL_LIMIT) {
      window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
      return;
    }
    let current = true;
    void saveDraftAction(body).then((result) => {
      if (current && result.data) window.history.replaceState(null, "", `?draft=${result.data.id}${extra ? `&${extra}` : ""}`);
    });
    return () => {
      current = false;
    };
  }, [body, extra]);
}
