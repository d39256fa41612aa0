"""A peer's client (Debian's jupyter_client) answering the icp-lab kernel's input requests over the
real protocol. Run by test/kernel/stdin.test.ts with JUPYTER_PATH pointing at a temporary kernelspec
prefix; ICP_KERNEL_NAME names the kernelspec. Prints one JSON object: what each cell's reply, outputs
and input requests were."""
import json
import os

from jupyter_client.manager import start_new_kernel

ASK = 'import { input, password } from "icp-lab";\nconst who = await input("Name? ");\nconst token = await password("Token: ");\n[who, token.length]'


def run(client, code, allow_stdin, answer):
    """Execute `code`; `answer(request_content)` handles each input_request."""
    requests, outputs = [], []

    def on_stdin(message):
        if message["header"]["msg_type"] == "input_request":
            requests.append(message["content"])
            answer(message["content"])

    def on_output(message):
        kind = message["header"]["msg_type"]
        if kind in ("execute_result", "error", "stream"):
            outputs.append({"type": kind, "content": message["content"]})

    reply = client.execute_interactive(code, allow_stdin=allow_stdin, stdin_hook=on_stdin, output_hook=on_output, timeout=60)
    content = reply["content"]
    return {"status": content["status"], "ename": content.get("ename"), "evalue": content.get("evalue"), "requests": requests, "outputs": outputs}


def main():
    manager, client = start_new_kernel(kernel_name=os.environ.get("ICP_KERNEL_NAME", "icp-lab"), startup_timeout=60)
    try:
        answers = {"Name? ": "Ada", "Token: ": "s3cret"}
        result = {
            "answered": run(client, ASK, True, lambda request: client.input(answers[request["prompt"]])),
            "not_allowed": run(client, 'const refused = await input("Name? ");', False, lambda request: client.input("never asked")),
            # No answer: the question is abandoned by an interrupt, and the kernel serves the next cell.
            "interrupted": run(client, 'const late = await input("Waiting: ");', True, lambda request: manager.interrupt_kernel()),
            "after": run(client, "who + '!'", True, lambda request: None),
        }
        print(json.dumps(result))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
