"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

const LINKS = [
  { href: "/", label: "Playground" },
  { href: "/compare", label: "Compare" },
  { href: "/arena", label: "Arena" },
  { href: "/gallery", label: "Gallery" },
  { href: "/models", label: "Models" },
  { href: "/usage", label: "Usage" },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto">
      {LINKS.map(({ href, label }) => {
        const current = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={current ? "page" : undefined}
              className={cx(
                "block rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap",
                current
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
              )}
            >
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
