#!/usr/bin/env python3
"""bench/lsp.py [XAI_LINT] — how long `xai-lint server` takes to re-check a 2,000-line file
after a change: the time from sending `textDocument/didChange` to reading its
`publishDiagnostics`, over 50 changes, in a small project (an .env.example, a README, a
compose file) that the server models at start. Prints median, 90th percentile and max in ms.
Target (issue 17): under 20 ms."""
import json, os, random, statistics, string, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "release", "xai-lint")
root = tempfile.mkdtemp()
open(os.path.join(root, ".env.example"), "w").write("XAI_API_KEY=\nLOG_LEVEL=info\n")
open(os.path.join(root, "README.md"), "w").write("# demo\n\nSet `XAI_API_KEY`.\n")
open(os.path.join(root, "compose.yaml"), "w").write("services:\n  app:\n    environment:\n      - XAI_API_KEY\n")
rng = random.Random(7)
lines = ["import os", "from xai_sdk import Client", "client = Client(api_key=os.environ[\"XAI_API_KEY\"])"]
for i in range(1997):
    lines.append(rng.choice([
        f"def f{i}(x):\n    return x + {i}",
        f"VALUE_{i} = \"{''.join(rng.choice(string.ascii_letters) for _ in range(20))}\"",
        f"# a comment about step {i}",
        f"result_{i} = client.chat.create(model=\"grok-4\", messages=[])",
    ]).split("\n")[0])
text = "\n".join(lines) + "\n"
uri = f"file://{root}/app.py"
p = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root)

def send(msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()

def receive():
    length = 0
    while True:
        line = p.stdout.readline().decode().strip()
        if not line:
            break
        if line.startswith("Content-Length:"):
            length = int(line.split(":")[1])
    return json.loads(p.stdout.read(length))

def diagnostics():
    while True:
        m = receive()
        if m.get("method") == "textDocument/publishDiagnostics":
            return m["params"]["diagnostics"]

send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": f"file://{root}", "capabilities": {}}})
receive()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}})
diagnostics()
times = []
for v in range(2, 52):
    i = rng.randrange(3, len(lines))
    lines[i] = f"VALUE_EDIT_{v} = \"edit {v}\""
    changed = "\n".join(lines) + "\n"
    t0 = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": changed}]}})
    diagnostics()
    times.append((time.perf_counter() - t0) * 1000)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
receive()
send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=10)
times.sort()
print(f"re-check of a {len(lines)}-line file after a change, {len(times)} changes: "
      f"median {statistics.median(times):.2f} ms, p90 {times[int(len(times) * 0.9)]:.2f} ms, max {times[-1]:.2f} ms "
      f"(target < 20 ms: {'MET' if statistics.median(times) < 20 else 'NOT MET'})")
