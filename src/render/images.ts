/**
 * Images that markdown refers to by path (`![chart](img/x.png)`, `<img src="img/x.png">`) are
 * embedded as data URIs, so the report stays one self-contained file. Remote images are never
 * fetched: a report makes no network request, so they are left out with a warning, as are missing
 * files and files that are not images.
 *
 * The markdown stage stays pure: it asks an {@link ImageLoader} for each `src` and reports what was
 * left out as warnings; the loader that reads files ({@link folderImageLoader}) is passed in by the
 * caller that knows where the notebook lives.
 */
import { readFile, realpath } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What became of one image reference: embedded, or left out and why. */
export type ImageResolution = { dataUri: string } | { leftOut: string };

/** Resolves an image reference (the `src` as written) to a data URI, or says why it is left out. */
export type ImageLoader = (src: string) => Promise<ImageResolution>;

/** Image types a report embeds, by file extension. */
export const IMAGE_MIME_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
};

const REMOTE = /^(?:[a-z][a-z\d+.-]*:)?\/\//i;
const SCHEME = /^([a-z][a-z\d+.-]*):/i;
const REMOTE_REASON = "remote image not fetched (a report loads nothing from the network); left out";

/** Loader used when no folder is known: every reference that is not a data URI is left out. */
export const noImageLoader: ImageLoader = async (src) => ({ leftOut: REMOTE.test(src) ? `image ${src}: ${REMOTE_REASON}` : `image ${src} left out: no notebook folder to resolve it against` });

/** Options for {@link folderImageLoader}. */
export interface FolderImageLoaderOptions {
  /**
   * Embed files outside the folder too (`../shared/logo.png`, absolute paths). Default false: an
   * untrusted notebook could otherwise copy any image on this machine into a report that is shared.
   */
  allowOutside?: boolean;
}

/**
 * A loader that reads images from files relative to `folder` (the notebook's folder).
 *
 * @example
 * const load = folderImageLoader("/work/analysis");
 * await load("img/funnel.png"); // { dataUri: "data:image/png;base64,iVBOR..." }
 * await load("https://example.com/x.png"); // { leftOut: "remote image not fetched ..." }
 */
export function folderImageLoader(folder: string, options: FolderImageLoaderOptions = {}): ImageLoader {
  const root = resolve(folder);
  return async (src) => {
    if (REMOTE.test(src)) return { leftOut: `image ${src}: ${REMOTE_REASON}` };
    const scheme = SCHEME.exec(src)?.[1]?.toLowerCase();
    if (scheme && scheme !== "file") return { leftOut: `image ${src} left out: only files next to the notebook and data: URIs are embedded` };
    let path: string;
    try {
      path = scheme === "file" ? fileURLToPath(src) : resolve(root, decodeURIComponent(src.replace(/[?#].*$/, "")));
    } catch {
      return { leftOut: `image ${src} left out: not a file path` };
    }
    const mime = IMAGE_MIME_TYPES[extname(path).toLowerCase()];
    if (!mime) return { leftOut: `image ${src} left out: not an image file the report can embed (${Object.keys(IMAGE_MIME_TYPES).join(", ")})` };
    let bytes: Buffer;
    let real: string;
    try {
      real = await realpath(path);
      bytes = await readFile(real);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : `cannot be read (${(error as Error).message})`;
      return { leftOut: `image ${src} ${reason} at ${path}; left out` };
    }
    const inside = relative(await realpath(root).catch(() => root), real);
    if (!options.allowOutside && (inside.startsWith("..") || isAbsolute(inside))) {
      return { leftOut: `image ${src} left out: ${real} is outside the notebook's folder (render with --trust to embed it)` };
    }
    return { dataUri: `data:${mime};base64,${bytes.toString("base64")}` };
  };
}

interface HastElement {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastElement[];
}

/**
 * rehype plugin: resolve every `<img src>` that is not a data URI through `file.data.loadImage`
 * (default {@link noImageLoader}); images left out are removed and their reasons collected in
 * `file.data.imageWarnings`.
 */
export function rehypeInlineImages() {
  return async (tree: HastElement, file: { data: Record<string, unknown> }) => {
    const load = (file.data.loadImage as ImageLoader | undefined) ?? noImageLoader;
    const warnings: string[] = [];
    const pending: Array<Promise<void>> = [];
    const walk = (node: HastElement) => {
      if (!node.children) return;
      for (const child of node.children) {
        const src = child.type === "element" && child.tagName === "img" ? child.properties?.src : undefined;
        if (typeof src === "string" && !src.startsWith("data:")) {
          // attachment: references were replaced by data URIs before parsing; one left here names a missing attachment
          const resolving = src.startsWith("attachment:") ? Promise.resolve({ leftOut: `image ${src} left out: the cell has no attachment ${src.slice(11)}` }) : load(src);
          pending.push(
            resolving.then((resolved) => {
              if ("dataUri" in resolved) child.properties = { ...child.properties, src: resolved.dataUri };
              else {
                warnings.push(resolved.leftOut);
                node.children = node.children!.filter((other) => other !== child);
              }
            }),
          );
        }
        walk(child);
      }
    };
    walk(tree);
    await Promise.all(pending);
    file.data.imageWarnings = warnings;
  };
}
