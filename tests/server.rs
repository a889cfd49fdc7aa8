//! `xai-lint server` spoken to as an editor would: initialize → didOpen → publishDiagnostics →
//! hover → codeAction → didChange → didSave of an env file → shutdown → exit. No message ever
//! carries a whole key.

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
    /// Everything the server said, for the no-leak check.
    transcript: String,
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = Command::new(bin())
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Client { child, stdin, stdout, next_id: 1, transcript: String::new() }
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        let text = String::from_utf8(body).unwrap();
        self.transcript.push_str(&text);
        serde_json::from_str(&text).unwrap()
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.receive();
            if m["id"] == json!(id) {
                return m;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn diagnostics(&mut self) -> Vec<Value> {
        loop {
            let m = self.receive();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

#[test]
fn diagnostics_hover_actions_and_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join(".env.example"), "XAI_API_KEY=\n").unwrap();
    let uri = format!("file://{}/app.py", root.display());
    let key = synthetic_key(77);
    let mut c = Client::start(&root);
    let init = c.request("initialize", json!({ "rootUri": format!("file://{}", root.display()), "capabilities": {} }));
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true);
    c.notify("initialized", json!({}));

    // a key, and a read of a name the project does not define
    let text = format!(
        "import os\nfrom xai_sdk import Client\nKEY = \"{key}\"\nclient = Client(api_key=os.environ[\"XAI_APIKEY\"])\n"
    );
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "python", "version": 1, "text": text } }),
    );
    let diags = c.diagnostics();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["hardcoded-key", "env-mismatch"], "{diags:#?}");
    assert_eq!(diags[0]["range"]["start"], json!({ "line": 2, "character": 7 }));
    assert_eq!(diags[0]["severity"], 1);
    assert!(diags[1]["relatedInformation"][0]["location"]["uri"].as_str().unwrap().ends_with(".env.example"));

    // hover on the key explains the rule
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 10 } }),
    );
    assert!(hover["result"]["contents"]["value"].as_str().unwrap().contains("# hardcoded-key"));

    // code actions: a suppression with a reason to write, and the rename to the defined name
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 3, "character": 0 } }, "context": { "diagnostics": diags } }),
    );
    let titles: Vec<&str> =
        actions["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.iter().any(|t| t.starts_with("Suppress hardcoded-key")), "{titles:?}");
    let rename = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("XAI_API_KEY"))
        .unwrap();
    assert_eq!(rename["edit"]["changes"][&uri][0]["newText"], "XAI_API_KEY");

    // the user fixes both: diagnostics clear
    let fixed = "import os\nfrom xai_sdk import Client\nclient = Client(api_key=os.environ[\"XAI_API_KEY\"])\n";
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": fixed } ] }),
    );
    assert!(c.diagnostics().is_empty());

    // the project renames its variable in the env file: once saved, the model is rebuilt and
    // the read (still XAI_API_KEY) is now a mismatch
    std::fs::write(root.join(".env.example"), "GROK_API_KEY=\n").unwrap();
    let env_uri = format!("file://{}/.env.example", root.display());
    c.notify("textDocument/didSave", json!({ "textDocument": { "uri": env_uri }, "text": "GROK_API_KEY=\n" }));
    let _ = c.diagnostics(); // the env file's own
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [ { "text": fixed } ] }),
    );
    let after: Vec<String> = c.diagnostics().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    assert_eq!(after, vec!["env-mismatch"]);

    let down = c.request("shutdown", Value::Null);
    assert!(down["error"].is_null());
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(whole_keys(&c.transcript).is_empty(), "the server sent a whole key");
    assert!(!c.transcript.contains(&key[4..40]));
}
