// A template's own component: imported by stakeholder.mdx, bundled by mdx-bundler.
export function Badge({ children }: { children?: unknown }) {
  return <span className="badge">{children as string}</span>;
}
