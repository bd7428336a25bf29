export const THEME_STORAGE_KEY = "darkroom-theme";

/** Runs in <head> before the first paint, so a dark page never flashes light. */
export const themeScript = `(function(){try{var s=localStorage.getItem("${THEME_STORAGE_KEY}");var d=s?s==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;
