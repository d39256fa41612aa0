import { describe, expect, it } from "vitest";
import { highlightCode } from "../../src/render/index.js";

describe("highlightCode", () => {
  it("colours a line however long it takes (shiki stops after 500 ms by default; on a busy machine the first line, which compiles the grammar, came out plain)", async () => {
    // one line of 30,000 string literals: well over 500 ms to tokenise on any machine
    const code = `const keys = [${Array.from({ length: 30_000 }, (_, i) => `"k${i}"`).join(", ")}];`;
    const html = await highlightCode(code, "typescript");
    // github-light colours string literals #032F62: every one of them, the last included
    expect(html.match(/<span style="color:#032F62">"k\d+"<\/span>/g)).toHaveLength(30_000);
    expect(html).toContain('<span style="color:#032F62">"k29999"</span>');
  }, 60_000);

  it("loads a language's grammar on first use and leaves unknown languages plain", async () => {
    expect(await highlightCode("def churn(lost, start):\n    return lost / start", "ipython3")).toContain('<span style="color:#D73A49">def</span>');
    expect(await highlightCode("a <b> c", "no-such-language")).toBe('<pre class="code-plain"><code>a &lt;b&gt; c</code></pre>');
  });
});
