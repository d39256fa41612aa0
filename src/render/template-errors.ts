/**
 * Errors while a compiled MDX template renders, located in the template's own sources: which file
 * and line, and which component. A compiled template is one minified function (mdx-bundler), so
 * its stack traces say nothing a template author can use; its source map (esbuild's, composed with
 * MDX's) leads back to the `.mdx` line or to the line of the template's own `.tsx` component.
 *
 * Two places an error can come from:
 * - a component (built-in or the template's own) throws while React renders it: templates are
 *   compiled in development mode, so each element knows the file and line it was written at
 *   (`<Cell .../>` on line 12), and the runtime they run on names that line and the component;
 * - the template's own code throws (an expression such as `{props.data.kpis.share}`): the first
 *   stack frame inside the template is mapped to its line.
 */
import { originalPositionFor, TraceMap, type SourceMapInput } from "@jridgewell/trace-mapping";
import * as reactJsxRuntime from "react/jsx-runtime";
import { isAbsolute, resolve } from "node:path";
import { IcpError, RenderError } from "../errors/index.js";
import { REPORT_COMPONENT_NAMES } from "./components.js";

/** A place in a template's sources. */
export interface TemplatePlace {
  /** Absolute path of the `.mdx` file or of a component file it imports. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** The source line, trimmed (for the message). */
  lineText?: string;
}

/** Frames of code run through `new Function` (how mdx-bundler evaluates a template). */
const EVAL_FRAME = /<anonymous>:(\d+):(\d+)\)?$/;
/** `new Function(args, body)` puts two lines of its own before the body. */
const FUNCTION_HEADER_LINES = 2;

/**
 * Maps stack traces of a compiled template back to its sources.
 *
 * @example
 * const locator = new TemplateLocator("/t/report.mdx", compiled.map);
 * locator.placeInStack(error.stack); // { file: "/t/report.mdx", line: 12, column: 3, lineText: "<Cell id=\"x\" />" }
 */
export class TemplateLocator {
  private readonly trace: TraceMap | undefined;

  constructor(readonly file: string, map: SourceMapInput | undefined) {
    this.trace = map ? new TraceMap(map) : undefined;
  }

  /** The first frame of `stack` that lies in the template's code, in the template's sources. */
  placeInStack(stack: string | undefined): TemplatePlace | undefined {
    if (!this.trace || !stack) return undefined;
    for (const frame of stack.split("\n").slice(1)) {
      const match = EVAL_FRAME.exec(frame.trim());
      if (!match) continue;
      const original = originalPositionFor(this.trace, { line: Number(match[1]) - FUNCTION_HEADER_LINES, column: Number(match[2]) - 1 });
      if (original.source === null || original.line === null) continue;
      const index = this.trace.sources.indexOf(original.source);
      const content = index >= 0 ? this.trace.sourcesContent?.[index] : undefined;
      // esbuild names sources relative to the template's folder; mdx-bundler's in-memory entry is the template itself.
      const file = original.source.includes("_mdx_bundler_entry_point") ? this.file : isAbsolute(original.source) ? original.source : resolve(this.file, "..", original.source);
      return { file, line: original.line, column: original.column + 1, lineText: content?.split(/\r?\n/)[original.line - 1]?.trim() };
    }
    return undefined;
  }
}

const where = (place: TemplatePlace) => `${place.file}:${place.line}`;

/** Where the JSX dev runtime says an element was written. */
interface JsxSource {
  fileName?: string;
  lineNumber?: number;
  columnNumber?: number;
}

const componentName = (type: unknown): string => (typeof type === "function" && ((type as { displayName?: string }).displayName || type.name)) || "component";

/** An error from a component element written at `site`, as a RenderError naming that line. */
function componentError(error: unknown, site: TemplatePlace | undefined, component: string, locator: TemplateLocator): RenderError {
  if (error instanceof RenderError && error.context.line !== undefined) return error; // already located (an inner element)
  const file = site?.file ?? locator.file;
  const at = site ? where(site) : file;
  if (error instanceof IcpError) {
    // Built-in components say "template FILE: what"; add the line.
    const detail = error.message.replace(/^template [^:]+: /, "");
    return new RenderError(`template ${at}: ${detail}`, { ...error.context, template: file, line: site?.line, component }, { cause: error });
  }
  const thrown = locator.placeInStack((error as Error)?.stack);
  const inside = thrown && (thrown.file !== site?.file || thrown.line !== site?.line) ? ` (thrown at ${where(thrown)})` : "";
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RenderError(`template ${at}: <${component}> failed: ${message}${inside}`, { template: file, line: site?.line, component }, { cause: error });
}

/**
 * The JSX dev runtime a compiled template runs on (templates are compiled in MDX/esbuild
 * development mode, so every element carries the file, line and column it was written at). Each
 * function-component element is wrapped so that an error thrown while rendering it names that
 * line and the component; an element whose type is not a component fails at once, naming its line.
 * Elements are then made with React's production runtime.
 */
export function locatingJsxDevRuntime(locator: TemplateLocator) {
  const jsxDEV = (type: unknown, props: unknown, key: unknown, isStaticChildren: boolean, source?: JsxSource) => {
    const create = isStaticChildren ? reactJsxRuntime.jsxs : reactJsxRuntime.jsx;
    const site: TemplatePlace | undefined = source?.fileName && source.lineNumber ? { file: source.fileName, line: source.lineNumber, column: source.columnNumber ?? 1 } : undefined;
    if (typeof type === "function" && !(type as { prototype?: { isReactComponent?: unknown } }).prototype?.isReactComponent) {
      const component = type as (props: unknown) => unknown;
      const Located = (elementProps: unknown) => {
        try {
          return component(elementProps);
        } catch (error) {
          throw componentError(error, site, componentName(component), locator);
        }
      };
      return create(Located as never, props as never, key as never);
    }
    if (type === undefined || type === null || typeof type === "number" || typeof type === "boolean") {
      throw new RenderError(`template ${site ? where(site) : locator.file}: an element's component is ${String(type)}; import it at the top of the template or use a built-in one`, { template: site?.file ?? locator.file, line: site?.line });
    }
    return create(type as never, props as never, key as never);
  };
  return { Fragment: reactJsxRuntime.Fragment, jsxDEV };
}

/** MDX (development mode) names a missing component and where it is used: "... at `5:1-5:9` in `/t/x.mdx`". */
const MISSING_REFERENCE = /^Expected (component|object) `([^`]+)` to be defined[^\n]*\nIt.s referenced in your code at `(\d+):\d+(?:-\d+:\d+)?` in `([^`]+)`/;

/**
 * Turn an error thrown while rendering a template into a RenderError naming the template file and
 * line (errors already located by {@link locatingJsxRuntime} pass through).
 */
export function templateRenderError(error: unknown, locator: TemplateLocator): RenderError {
  if (error instanceof RenderError && (error.context.line !== undefined || !error.context.template)) return error;
  if (error instanceof IcpError) return componentError(error, undefined, "component", locator);
  const missing = error instanceof Error ? MISSING_REFERENCE.exec(error.message) : null;
  if (missing) {
    const [, kind, name, line, file] = missing;
    return new RenderError(
      `template ${file}:${line}: unknown ${kind} ${kind === "component" ? `<${name}>` : name}; built-in components are ${REPORT_COMPONENT_NAMES.join(", ")} (import your own at the top of the template)`,
      { template: file, line: Number(line), component: name },
      { cause: error },
    );
  }
  const place = locator.placeInStack((error as Error)?.stack);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const code = place?.lineText ? ` in ${place.lineText}` : "";
  return new RenderError(`template ${place ? where(place) : locator.file}: ${message}${code}`, { template: place?.file ?? locator.file, line: place?.line }, { cause: error });
}
