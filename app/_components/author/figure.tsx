import type { BlockOf } from "../../_lib/content";

/** A figure of public/figures with its caption (the alt text); the intrinsic size reserves the space. */
export function Figure({ block }: { block: BlockOf<"figure"> }) {
  return (
    <figure className="figure not-prose">
      <div className="figure-frame">
        {/* The course's figures are SVG with their size known: next/image would serve them as they are. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={block.src} alt={block.alt} width={block.width} height={block.height} loading="lazy" decoding="async" />
      </div>
      <figcaption>{block.alt}</figcaption>
    </figure>
  );
}
