//! Shell scripts (and `RUN` lines of Dockerfiles): `NAME=value` assignments, with or without
//! `export`, and the words of each command, those of `echo`/`printf` being text for a person.

use crate::facts::{Facts, Literal, Role};

/// A word of a command line with its span (within the line) and its unquoted value.
struct Word {
    /// Where the word starts in the line, quotes included.
    raw_start: usize,
    start: usize,
    end: usize,
    value: String,
    /// span of the part after `NAME=` if the word is an assignment
    assign: Option<(String, usize, usize, String)>,
}

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        read_line(line.trim_end_matches(['\n', '\r']), base, &mut facts);
    }
    facts
}

pub fn read_line(line: &str, base: usize, facts: &mut Facts) {
    env_reads(line, base, facts);
    let words = split_words(line);
    // a setup script writing `NAME=…` into an env file (`echo "XAI_API_KEY=$key" >> .env`)
    // defines NAME: it is what the user will have set
    let into_env_file = line.find('>').is_some_and(|gt| {
        let target = line[gt..].trim_start_matches('>').trim_start();
        target.starts_with(".env") || target.contains("/.env")
    });
    if into_env_file && words.first().is_some_and(|w| matches!(w.value.as_str(), "echo" | "printf")) {
        for w in &words[1..] {
            let name_len = w.value.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
            if name_len > 0 && w.value[name_len..].starts_with('=') && crate::names::is_env_name(&w.value[..name_len]) {
                let at = base + w.start;
                facts.def(&w.value[..name_len], at..at + name_len);
            }
        }
    }
    let mut cmd: Option<String> = None;
    for w in &words {
        if w.value == "&&" || w.value == "||" || w.value == ";" || w.value == "|" {
            cmd = None;
            continue;
        }
        if cmd.is_none() {
            if let Some((name, s, e, value)) = &w.assign {
                let at = base + w.raw_start;
                facts.def(name, at..at + name.len());
                // `X="${X:-your-key}"`: the default is the value whenever X is unset
                if value.contains("${") && line.get(*s..*e) == Some(value.as_str()) {
                    super::dotenv::spring_references(value, base + s, false, facts);
                }
                facts.push(Literal {
                    span: base + s..base + e,
                    value: value.clone(),
                    target: Some(name.clone()),
                    role: Role::Assign,
                    callee: None,
                    call: None,
                    keyed: false,
                    in_test: false,
                });
                continue;
            }
            if matches!(
                w.value.as_str(),
                "export" | "local" | "declare" | "readonly" | "typeset" | "-x" | "env" | "set" | "sudo"
            ) {
                continue;
            }
            cmd = Some(w.value.clone());
            continue;
        }
        let c = cmd.as_deref().unwrap_or("");
        let role = if matches!(
            c,
            "echo" | "printf" | "cat" | "read" | "print" | "say" | "log" | "info" | "warn" | "die" | "fail" | "error"
        ) {
            Role::Text
        } else if matches!(c, "[" | "[[" | "test" | "grep" | "case" | "sed" | "awk" | "rg") {
            Role::Compare
        } else {
            Role::Argument
        };
        // `--api-key=value` / `-e NAME=value`: the value belongs to the name
        if let Some((name, s, e, value)) = &w.assign {
            facts.push(Literal {
                span: base + s..base + e,
                value: value.clone(),
                target: Some(name.clone()),
                role: if role == Role::Argument { Role::Assign } else { role },
                callee: Some(c.to_string()),
                call: None,
                keyed: false,
                in_test: false,
            });
            continue;
        }
        // `-H "Authorization: Bearer …"`: the token is the key the request sends; in a request
        // to api.x.ai it is judged as the xAI key (cut short, another vendor's, a placeholder)
        if role == Role::Argument {
            if let Some(at) = bearer_token_at(&w.value).filter(|_| line.get(w.start..w.end) == Some(w.value.as_str())) {
                let call = crate::facts::names_xai_host(line).then(|| {
                    let id = facts.calls.len() as u32 + 1_000_000;
                    facts.xai_calls.push(id);
                    id
                });
                facts.push(Literal {
                    span: base + w.start + at..base + w.end,
                    value: w.value[at..].to_string(),
                    target: Some("Authorization".into()),
                    role: Role::Assign,
                    callee: Some(c.to_string()),
                    call,
                    keyed: false,
                    in_test: false,
                });
                continue;
            }
        }
        facts.push(Literal {
            span: base + w.start..base + w.end,
            value: w.value.clone(),
            target: None,
            role,
            callee: Some(c.to_string()),
            call: None,
            keyed: false,
            in_test: false,
        });
    }
}

/// Where the token starts in an `Authorization: Bearer <token>` header value, if it is one.
fn bearer_token_at(value: &str) -> Option<usize> {
    let lower = value.to_ascii_lowercase();
    let rest = lower.strip_prefix("authorization:")?.trim_start().strip_prefix("bearer ")?.trim_start();
    (!rest.is_empty()).then_some(value.len() - rest.len())
}

fn split_words(line: &str) -> Vec<Word> {
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'#' {
            break;
        }
        let start = i;
        let mut value = String::new();
        let mut inner: Option<(usize, usize)> = None;
        let mut eq_at: Option<(usize, usize)> = None; // (byte index in line, value length at that point)
        while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
            let c = b[i];
            if c == b'"' || c == b'\'' {
                let close = line[i + 1..].find(c as char).map_or(b.len(), |p| i + 1 + p);
                if inner.is_none() {
                    inner = Some((i + 1, close));
                }
                value.push_str(&line[i + 1..close]);
                i = (close + 1).min(b.len());
                continue;
            }
            if c == b'=' && eq_at.is_none() {
                eq_at = Some((i, value.len()));
            }
            if c == b'\\' && i + 1 < b.len() {
                i += 1;
            }
            let ch = line[i..].chars().next().unwrap_or(' ');
            value.push(ch);
            i += ch.len_utf8();
        }
        let end = i;
        let assign = eq_at.and_then(|(eq, vlen)| {
            let name = value[..vlen].trim_start_matches('-');
            if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
                return None;
            }
            let v = value[vlen + 1..].to_string();
            // the value's span: inside the quotes if it is quoted right after `=`
            let (s, e) = match inner {
                Some((s, e)) if s == eq + 2 => (s, e),
                _ => (eq + 1, end),
            };
            Some((name.to_string(), s, e, v))
        });
        let (s, e) = match inner {
            Some((s, e)) if s == start + 1 => (s, e),
            _ => (start, end),
        };
        words.push(Word { raw_start: start, start: s, end: e, value, assign });
    }
    words
}

/// `$X`, `${X}`, `${X:-default}` outside single quotes: reads of X.
pub fn env_reads(line: &str, base: usize, facts: &mut Facts) {
    let b = line.as_bytes();
    let mut in_single = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\'' => in_single = !in_single,
            b'\\' => i += 1,
            b'#' if !in_single && (i == 0 || b[i - 1] == b' ') => return,
            b'$' if !in_single => {
                let brace = b.get(i + 1) == Some(&b'{');
                let start = i + 1 + usize::from(brace);
                let len =
                    b[start.min(b.len())..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
                if len > 0 && !b[start].is_ascii_digit() {
                    facts.read(&line[start..start + len], base + start..base + start + len);
                }
                i = start + len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}
