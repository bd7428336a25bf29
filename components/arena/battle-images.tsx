import type { BattleView } from "@/lib/arena/battles";

/** The two anonymous images: their URLs name the battle and the side, nothing else. */
export function BattleImages({ battle }: { battle: BattleView }) {
  return (
    // Side by side at every width (a comparison, even on a phone); short enough on a laptop that the vote
    // buttons stay in view.
    <div className="grid grid-cols-2 gap-2 md:gap-4">
      {(["left", "right"] as const).map((side) => (
        <figure key={side} className="flex flex-col gap-1">
          <figcaption className="text-sm font-semibold">{side === "left" ? "A" : "B"}</figcaption>
          {/* Full size in a new tab (the URL is as anonymous as the page), for a closer look on a phone. */}
          <a href={battle[side].imagePath} target="_blank" rel="noreferrer" title={`Open image ${side === "left" ? "A" : "B"} full size`}>
            {/* eslint-disable-next-line @next/next/no-img-element -- the gateway serves the image; no optimizer in between */}
            <img
              src={battle[side].imagePath}
              alt={`Image ${side === "left" ? "A" : "B"}`}
              className="aspect-square max-h-[calc(100vh-22rem)] w-full rounded-md bg-zinc-100 object-contain dark:bg-zinc-900"
            />
          </a>
        </figure>
      ))}
    </div>
  );
}
