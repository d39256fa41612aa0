"""Debian's jupyter_kernel_test (the standard kernel conformance suite) against the installed
icp-lab kernel, with every sample attribute filled in. Run by test/kernel/conformance.test.ts with
JUPYTER_PATH pointing at a temporary kernelspec prefix; ICP_KERNEL_NAME names the kernelspec."""
import os
import unittest

import jupyter_kernel_test


class IcpLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("ICP_KERNEL_NAME", "icp-lab")
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'
    completion_samples = [{"text": "Math.ma", "matches": ["max"]}, {"text": "JSON.str", "matches": ["stringify"]}]
    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }", "import * as path from 'path';"]
    incomplete_code_samples = ["function f() {", "const o = {", "[1, 2,", "const s = `multi"]
    invalid_code_samples = ["let x = ;", "1 +* 2", "const = 5", ")"]
    code_page_something = "?Math.max"
    code_generate_error = 'throw new Error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "({ answer: 42 })", "mime": "application/json", "result": {"answer": 42}},
        {"code": 'import * as aq from "arquero"; aq.table({ n: [1200, 3.5] })', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'import { show } from "icp-lab"; await show({ a: 1 })', "mime": "application/json"},
        {"code": 'import { show } from "icp-lab"; await show({ mark: "bar", data: { values: [{ k: "x", v: 1 }] }, encoding: { x: { field: "k", type: "nominal" }, y: { field: "v", type: "quantitative" } } })', "mime": "application/vnd.vegalite.v5+json"},
        {"code": 'import { show } from "icp-lab"; await show({ mark: "point", data: { values: [{ v: 1 }] }, encoding: { y: { field: "v", type: "quantitative" } } })', "mime": "image/svg+xml"},
        {"code": 'import { display } from "tslab"; display.html("<b>tslab display</b>")', "mime": "text/html"},
    ]
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = 'import { clearOutput } from "icp-lab"; clearOutput()'


if __name__ == "__main__":
    unittest.main()
