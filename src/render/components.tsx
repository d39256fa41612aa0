/**
 * The components a report template (MDX) lays out a report with. They are bound to one report
 * model, so `<Cell id="kpis"/>` finds its cell and `<Value of="kpis.share"/>` its data.
 *
 * | component | props | renders |
 * |---|---|---|
 * | `<Cover/>` | title, subtitle, period, author, date, logo (override the report's) | the cover page |
 * | `<Toc/>` | title = "Contents", depth = 3 | table of contents of every heading with an id |
 * | `<Notebook/>` | input (default: as preprocessed) | every cell in order |
 * | `<Cell/>` | id \| name \| tag \| index, input = false, caption | the matching cell(s): markdown or outputs |
 * | `<Section/>` | title, level = 2, pageBreak | a titled section (in the TOC) |
 * | `<Kpi/>` | label, value, format, delta, deltaFormat, deltaLabel, goodWhen = "up" | a KPI card |
 * | `<KpiRow/>` | children | a row of KPI cards |
 * | `<Note/>` | title, kind = "info" \| "warning" \| "success" | a call-out box |
 * | `<Value/>` | of = "path.in.data", format | a value from the notebook's data |
 * | `<PageBreak/>` | | starts a new printed page |
 */
import type { ReactNode } from "react";
import { RenderError } from "../errors/index.js";
import { formatReportValue, type ValueFormat } from "./format.js";
import { escapeHtml } from "./highlight.js";
import { uniqueSlug } from "./markdown.js";
import type { ReportCell, ReportMeta, ReportModel } from "./model.js";

/** Marker the HTML stage replaces with the table of contents (it is built from the final HTML). */
export const TOC_MARKER = (depth: number) => `<!--icp-toc:${depth}-->`;

/** What the components need besides the model. */
export interface ComponentContext {
  model: ReportModel;
  /** The template file, named in errors. */
  templateFile: string;
  /** Ids already used in the document (headings), shared with Section's ids. */
  usedIds: Set<string>;
}

const Html = ({ html, className }: { html: string; className?: string }) => <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;

const safeId = (id: string) => `cell-${id.replace(/[^\w-]/g, "_")}`;

function CellInput({ cell }: { cell: ReportCell }) {
  if (!cell.inputHtml || cell.inputView === "removed") return null;
  if (cell.inputView === "collapsed") {
    return (
      <details className="cell-input">
        <summary>Show code</summary>
        <Html html={cell.inputHtml} />
      </details>
    );
  }
  return <Html className="cell-input" html={cell.inputHtml} />;
}

function CellOutputs({ cell, caption }: { cell: ReportCell; caption?: string }) {
  if (cell.outputs.length === 0) return null;
  const text = caption ?? cell.caption;
  const outputs = cell.outputs.map((output, i) => <Html key={i} className={`output kind-${output.kind}`} html={output.html} />);
  const body = text ? (
    <figure className="cell-outputs figure">
      {outputs}
      <figcaption>
        {cell.figureNumber !== undefined && <span className="figure-label">Figure {cell.figureNumber}. </span>}
        {text}
      </figcaption>
    </figure>
  ) : (
    <div className="cell-outputs">{outputs}</div>
  );
  if (!cell.outputsCollapsed) return body;
  return (
    <details className="cell-outputs-collapsed">
      <summary>Show output</summary>
      {body}
    </details>
  );
}

/** One cell as a block: markdown, or code input (when shown) and outputs. */
function CellBlock({ cell, input, caption }: { cell: ReportCell; input: boolean; caption?: string }) {
  const className = ["cell", `cell-${cell.cellType}`, cell.pageBreakBefore ? "page-break" : ""].filter(Boolean).join(" ");
  if (cell.cellType === "markdown") return <section className={className} id={safeId(cell.id)} dangerouslySetInnerHTML={{ __html: cell.markdownHtml ?? "" }} />;
  return (
    <section className={className} id={safeId(cell.id)}>
      {input && <CellInput cell={cell} />}
      <CellOutputs cell={cell} caption={caption} />
    </section>
  );
}

function logoHtml(logo: string): string {
  if (logo.trim().startsWith("<svg")) return `<img src="data:image/svg+xml;base64,${Buffer.from(logo).toString("base64")}" alt="logo">`;
  if (logo.startsWith("data:image/")) return `<img src="${escapeHtml(logo)}" alt="logo">`;
  return "";
}

interface CellSelector {
  id?: string;
  name?: string;
  tag?: string;
  index?: number;
}

/**
 * Build the components for one report.
 *
 * @example
 * const components = createReportComponents({ model, templateFile: "report.mdx", usedIds: new Set() });
 * renderToStaticMarkup(<MDXContent components={components} />);
 */
export function createReportComponents(context: ComponentContext) {
  const { model } = context;

  const findCells = (selector: CellSelector): ReportCell[] => {
    const matches = model.cells.filter(
      (cell) =>
        (selector.id === undefined || cell.id === selector.id) &&
        (selector.name === undefined || cell.name === selector.name) &&
        (selector.tag === undefined || cell.tags.includes(selector.tag)) &&
        (selector.index === undefined || cell.index === selector.index),
    );
    if (matches.length === 0) {
      const described = Object.entries(selector).map(([key, value]) => `${key}="${value}"`).join(" ") || "(no selector)";
      throw new RenderError(`template ${context.templateFile}: <Cell ${described}/> matches no cell in the notebook (removed cells cannot be placed)`, { template: context.templateFile, selector });
    }
    return matches;
  };

  const Cover = (props: Partial<ReportMeta>) => {
    const meta = { ...model.meta, ...props };
    const facts: Array<[string, string | undefined]> = [["Period", meta.period], ["Prepared by", meta.author], ["Date", meta.date]];
    return (
      <header className="cover" id="cover">
        {meta.logo && <div className="cover-logo" dangerouslySetInnerHTML={{ __html: logoHtml(meta.logo) }} />}
        <h1 className="cover-title">{meta.title}</h1>
        {meta.subtitle && <p className="cover-subtitle">{meta.subtitle}</p>}
        <dl className="cover-facts">
          {facts.filter(([, value]) => value).map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </header>
    );
  };

  const Toc = ({ title = "Contents", depth = 3 }: { title?: string; depth?: number }) => (
    <nav className="toc" id="contents" aria-label={title}>
      <h2>{title}</h2>
      <div dangerouslySetInnerHTML={{ __html: TOC_MARKER(depth) }} />
    </nav>
  );

  const Notebook = ({ input = true }: { input?: boolean }) => (
    <>
      {model.cells.map((cell) => (
        <CellBlock key={cell.index} cell={cell} input={input} />
      ))}
    </>
  );

  const Cell = ({ input = false, caption, ...selector }: CellSelector & { input?: boolean; caption?: string }) => (
    <>
      {findCells(selector).map((cell) => (
        <CellBlock key={cell.index} cell={cell} input={input} caption={caption} />
      ))}
    </>
  );

  const Section = ({ title, level = 2, pageBreak = false, children }: { title: string; level?: 2 | 3 | 4; pageBreak?: boolean; children?: ReactNode }) => {
    const Heading = `h${level}` as "h2";
    return (
      <section className={`section${pageBreak ? " page-break" : ""}`}>
        <Heading id={uniqueSlug(title, context.usedIds)}>{title}</Heading>
        {children}
      </section>
    );
  };

  const Kpi = (props: { label: string; value: unknown; format?: ValueFormat; delta?: unknown; deltaFormat?: ValueFormat; deltaLabel?: string; goodWhen?: "up" | "down" }) => {
    const { label, value, format = "number", delta, deltaLabel, goodWhen = "up" } = props;
    const deltaFormat = props.deltaFormat ?? (format === "percent" ? "pp" : format);
    const direction = typeof delta === "number" ? Math.sign(delta) : 0;
    const tone = direction === 0 ? "neutral" : (direction > 0) === (goodWhen === "up") ? "good" : "bad";
    return (
      <div className="kpi">
        <div className="kpi-label">{label}</div>
        <div className="kpi-value">{formatReportValue(value, format)}</div>
        {delta !== undefined && delta !== null && (
          <div className={`kpi-delta ${tone}`}>
            {direction > 0 ? "▲ " : direction < 0 ? "▼ " : ""}
            {formatReportValue(delta, deltaFormat, { signed: true })}
            {deltaLabel ? ` ${deltaLabel}` : ""}
          </div>
        )}
      </div>
    );
  };

  const KpiRow = ({ children }: { children?: ReactNode }) => <div className="kpi-row">{children}</div>;

  const Note = ({ title, kind = "info", children }: { title?: string; kind?: "info" | "warning" | "success"; children?: ReactNode }) => (
    <aside className={`note ${kind}`}>
      {title && <div className="note-title">{title}</div>}
      {children}
    </aside>
  );

  const Value = ({ of, format }: { of: string; format?: ValueFormat }) => {
    const value = of.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), model.data);
    if (value === undefined) throw new RenderError(`template ${context.templateFile}: <Value of="${of}"/> is not in the notebook's data (known: ${Object.keys(model.data).join(", ") || "none"})`, { template: context.templateFile, of });
    return <>{formatReportValue(value, format)}</>;
  };

  const PageBreak = () => <div className="page-break" />;

  return { Cover, Toc, Notebook, Cell, Section, Kpi, KpiRow, Note, Value, PageBreak };
}

/** Names of the built-in template components (templates may also import their own). */
export const REPORT_COMPONENT_NAMES = ["Cover", "Toc", "Notebook", "Cell", "Section", "Kpi", "KpiRow", "Note", "Value", "PageBreak"] as const;
