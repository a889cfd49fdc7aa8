//! Dockerfiles: `ENV`/`ARG` definitions (`ENV NAME=value`, `ENV NAME value`) and `RUN` lines
//! read as shell.

use crate::facts::{Facts, Literal, Role};

pub fn read(text: &str) -> Facts {
    let mut facts = Facts::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let base = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let content = &body[indent..];
        let (word, rest) = content.split_once([' ', '\t']).unwrap_or((content, ""));
        let rest_at = base + indent + word.len() + 1;
        match word.to_ascii_uppercase().as_str() {
            "ENV" | "ARG" => {
                if !rest.contains('=') {
                    // legacy `ENV NAME value`
                    let r = rest.trim_start();
                    let lead = rest.len() - r.len();
                    let name_only = r.split([' ', '\t']).next().unwrap_or("");
                    if !name_only.is_empty() && crate::names::is_env_name(name_only) {
                        let at = rest_at + lead;
                        facts.def(name_only, at..at + name_only.len());
                    }
                    if let Some((name, v)) = r.split_once([' ', '\t']) {
                        let (value, s, e) = super::dotenv::value_of(v);
                        let at = rest_at + lead + name.len() + 1;
                        facts.push(Literal::config(at + s..at + e, value, Some(name.to_string()), Role::Assign));
                    }
                } else {
                    super::shell::read_line(rest, rest_at, &mut facts);
                }
            }
            "RUN" | "CMD" | "ENTRYPOINT" => super::shell::read_line(rest, rest_at, &mut facts),
            _ => {
                // continuation lines of RUN
                if indent > 0 {
                    super::shell::read_line(content, base + indent, &mut facts);
                }
            }
        }
    }
    facts
}
