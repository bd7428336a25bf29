import type { FormEvent, KeyboardEvent } from "react";

/** A form's handlers that run `submit` on a submit event and on Ctrl/⌘+Enter, never letting the browser submit the page. */
export function submitHandlers(submit: () => void) {
  return {
    onSubmit: (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      submit();
    },
    onKeyDown: (e: KeyboardEvent<HTMLFormElement>) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        submit();
      }
    },
  };
}
