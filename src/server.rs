//! `xai-lint server`: a language server over stdio (LSP, JSON-RPC with `Content-Length`
//! framing). Diagnostics on open, change and save, with the rule, a link to its page and the
//! related places; hover shows the rule's explanation; code actions offer an inline suppression
//! with a reason placeholder and, for `env-mismatch` with one defined name, the rename.
//!
//! The project model (what the rest of the workspace defines: env files, compose, CI, docs) is
//! built once at start and rebuilt when such a file is saved; each check of an open document
//! runs the file rules on its text and the project rules against that model.

use crate::discover::{check_bytes, scan, ScanResult, WalkOptions};
use crate::finding::Finding;
use crate::output::FileOutput;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Reads one framed message; None at the end of input.
fn read_message(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0u8; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn write_message(out: &mut impl Write, v: &Value) {
    let body = v.to_string();
    let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = out.flush();
}

/// A `file://` URI to a path (percent-escapes decoded).
fn uri_to_path(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&raw[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// Files whose saving changes the project model.
fn defines_names(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    crate::classify::is_dotenv_name(&name)
        || name.ends_with(".yml")
        || name.ends_with(".yaml")
        || name.ends_with(".md")
        || name.ends_with(".toml")
        || name.starts_with("dockerfile")
}

struct Server {
    root: PathBuf,
    opts: WalkOptions,
    config: crate::config::Config,
    /// What every file of the workspace gives the project rules (definitions, reads).
    model: Vec<FileOutput>,
    /// Open documents: their text and the findings last published.
    docs: HashMap<String, (String, Vec<Finding>)>,
}

impl Server {
    fn new(root: PathBuf) -> Server {
        let loaded = crate::config::discover(None, &root).unwrap_or_default();
        let excludes =
            crate::discover::Excludes::new(loaded.root.as_deref(), &loaded.config.exclude).unwrap_or_default();
        let opts = WalkOptions {
            max_file_size: 20 << 20,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            settings: crate::output::Settings {
                key_vars: loaded.config.key_vars.clone(),
                known_fakes: loaded.config.known_fakes.clone(),
                public_prefixes: loaded.config.public_prefixes.clone(),
            },
            excludes,
            ..Default::default()
        };
        let mut s = Server { root, opts, config: loaded.config, model: Vec::new(), docs: HashMap::new() };
        s.rebuild_model();
        s
    }

    fn rebuild_model(&mut self) {
        let mut r: ScanResult = scan(std::slice::from_ref(&self.root), &self.opts);
        self.model = std::mem::take(&mut r.outputs);
        for o in &mut self.model {
            // only what the project rules need; findings come from the open documents
            o.findings.clear();
            o.suppressions.clear();
        }
    }

    fn display(&self, path: &Path) -> String {
        crate::discover::display_path(path.strip_prefix(&self.root).unwrap_or(path))
    }

    /// Checks a document's text as its path, against the model.
    fn check(&self, uri: &str, text: &str) -> Vec<Finding> {
        let path = uri_to_path(uri);
        let display = self.display(&path);
        let Ok((out, _)) = check_bytes(&display, &path, text.as_bytes(), &self.opts.settings) else {
            return Vec::new();
        };
        let mut outputs: Vec<FileOutput> = self.model.iter().filter(|o| o.file != display).cloned().collect();
        outputs.push(out);
        let reported = [display];
        crate::project::finish(outputs, &self.config, None, Some(&reported[..])).findings
    }

    fn diagnostics(&self, uri: &str, findings: &[Finding]) -> Value {
        let diags: Vec<Value> = findings
            .iter()
            .map(|f| {
                let mut d = json!({
                    "range": range(f.line, f.column, f.end_line, f.end_column),
                    "severity": if f.severity == crate::ruledoc::Severity::Error { 1 } else { 2 },
                    "code": f.rule.name,
                    "source": "xai-lint",
                    "message": f.message,
                    "data": { "rule": f.rule.name },
                });
                if !f.rule.help_url.is_empty() {
                    d["codeDescription"] = json!({ "href": f.rule.help_url });
                }
                if !f.related.is_empty() {
                    d["relatedInformation"] = Value::Array(
                        f.related
                            .iter()
                            .map(|r| {
                                let p = self.root.join(&r.file);
                                json!({
                                    "location": { "uri": format!("file://{}", p.display()), "range": range(r.line, r.column, r.line, r.column) },
                                    "message": r.message,
                                })
                            })
                            .collect(),
                    );
                }
                d
            })
            .collect();
        json!({ "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": { "uri": uri, "diagnostics": diags } })
    }

    fn hover(&self, uri: &str, line: usize, character: usize) -> Value {
        let Some((_, findings)) = self.docs.get(uri) else { return Value::Null };
        let here = findings
            .iter()
            .find(|f| f.line == line + 1 && f.column <= character + 1 && character < f.end_column.max(f.column + 1));
        match here {
            Some(f) => json!({ "contents": { "kind": "markdown", "value": crate::ruledoc::explain(f.rule) } }),
            None => Value::Null,
        }
    }

    fn code_actions(&self, uri: &str, params: &Value) -> Value {
        let Some((text, findings)) = self.docs.get(uri) else { return json!([]) };
        let start_line = params["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
        let end_line = params["range"]["end"]["line"].as_u64().unwrap_or(start_line as u64) as usize;
        let comment = comment_marker(&uri_to_path(uri));
        let mut actions = Vec::new();
        for f in findings.iter().filter(|f| f.line > start_line && f.line <= end_line + 1) {
            let line_text = text.lines().nth(f.line - 1).unwrap_or("");
            let end = line_text.encode_utf16().count();
            let suppression = format!("  {comment} xai-lint: allow({}) -- REASON", f.rule.name);
            actions.push(json!({
                "title": format!("Suppress {} on this line (write the reason)", f.rule.name),
                "kind": "quickfix",
                "edit": { "changes": { uri: [ { "range": range(f.line, end + 1, f.line, end + 1), "newText": suppression } ] } },
            }));
            // env-mismatch with exactly one defined name: rename the read to it
            if f.rule.name == "env-mismatch" {
                let names: std::collections::BTreeSet<&str> =
                    f.related.iter().filter_map(|r| r.message.split('`').nth(1)).collect();
                if names.len() == 1 {
                    let name = names.into_iter().next().unwrap_or_default();
                    actions.push(json!({
                        "title": format!("Read `{name}`, the name the project defines"),
                        "kind": "quickfix",
                        "isPreferred": true,
                        "edit": { "changes": { uri: [ { "range": range(f.line, f.column, f.end_line, f.end_column), "newText": name } ] } },
                    }));
                }
            }
        }
        Value::Array(actions)
    }
}

/// An LSP range from 1-based line and column (characters; ASCII-only spans, as keys and names
/// are, have the same UTF-16 offsets).
fn range(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({
        "start": { "line": line.saturating_sub(1), "character": column.saturating_sub(1) },
        "end": { "line": end_line.saturating_sub(1), "character": end_column.saturating_sub(1) },
    })
}

/// The line-comment marker of a file's language.
fn comment_marker(path: &Path) -> &'static str {
    use crate::classify::Format::*;
    match crate::classify::classify(path).format {
        Python | Shell | Yaml | Toml | Dotenv | Dockerfile | HashComment => "#",
        Markdown => "<!--",
        _ => "//",
    }
}

/// Runs the server on stdin/stdout until `exit`. Returns the exit status.
pub fn run() -> u8 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut server: Option<Server> = None;
    let mut shutdown = false;
    while let Some(msg) = read_message(&mut input) {
        let method = msg["method"].as_str().unwrap_or("");
        let id = msg.get("id").cloned();
        let params = &msg["params"];
        let reply = |out: &mut std::io::StdoutLock, result: Value| {
            if let Some(id) = &id {
                write_message(out, &json!({ "jsonrpc": "2.0", "id": id, "result": result }));
            }
        };
        match method {
            "initialize" => {
                let root = params["rootUri"]
                    .as_str()
                    .map(uri_to_path)
                    .or_else(|| params["rootPath"].as_str().map(PathBuf::from))
                    .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
                server = Some(Server::new(root));
                reply(
                    &mut out,
                    json!({
                        "capabilities": {
                            "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": true } },
                            "hoverProvider": true,
                            "codeActionProvider": { "codeActionKinds": ["quickfix"] },
                        },
                        "serverInfo": { "name": "xai-lint", "version": env!("CARGO_PKG_VERSION") },
                    }),
                );
            }
            "textDocument/didOpen" | "textDocument/didChange" | "textDocument/didSave" => {
                let Some(s) = server.as_mut() else { continue };
                let uri = params["textDocument"]["uri"].as_str().unwrap_or("").to_string();
                let text = if method == "textDocument/didChange" {
                    params["contentChanges"].as_array().and_then(|c| c.last()).and_then(|c| c["text"].as_str())
                } else {
                    params["textDocument"]["text"].as_str().or_else(|| params["text"].as_str())
                };
                let text = match text {
                    Some(t) => t.to_string(),
                    None => match s.docs.get(&uri) {
                        Some((t, _)) => t.clone(),
                        None => std::fs::read_to_string(uri_to_path(&uri)).unwrap_or_default(),
                    },
                };
                if method == "textDocument/didSave" && defines_names(&uri_to_path(&uri)) {
                    s.rebuild_model();
                }
                let findings = s.check(&uri, &text);
                write_message(&mut out, &s.diagnostics(&uri, &findings));
                s.docs.insert(uri, (text, findings));
            }
            "textDocument/didClose" => {
                if let Some(s) = server.as_mut() {
                    let uri = params["textDocument"]["uri"].as_str().unwrap_or("").to_string();
                    s.docs.remove(&uri);
                    write_message(
                        &mut out,
                        &json!({ "jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": { "uri": uri, "diagnostics": [] } }),
                    );
                }
            }
            "textDocument/hover" => {
                let result = server.as_ref().map_or(Value::Null, |s| {
                    s.hover(
                        params["textDocument"]["uri"].as_str().unwrap_or(""),
                        params["position"]["line"].as_u64().unwrap_or(0) as usize,
                        params["position"]["character"].as_u64().unwrap_or(0) as usize,
                    )
                });
                reply(&mut out, result);
            }
            "textDocument/codeAction" => {
                let result = server.as_ref().map_or(json!([]), |s| {
                    s.code_actions(params["textDocument"]["uri"].as_str().unwrap_or(""), params)
                });
                reply(&mut out, result);
            }
            "shutdown" => {
                shutdown = true;
                reply(&mut out, Value::Null);
            }
            "exit" => return if shutdown { 0 } else { 1 },
            _ => {
                // an unknown request gets "method not found"; notifications are ignored
                if let Some(id) = &id {
                    write_message(
                        &mut out,
                        &json!({ "jsonrpc": "2.0", "id": id, "error": { "code": -32601, "message": format!("unknown method {method}") } }),
                    );
                }
            }
        }
    }
    0
}
