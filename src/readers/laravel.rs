//! Laravel configuration: `config/NAME.php` returns nested arrays whose leaves the app reads as
//! `config('NAME.a.b')`. Each leaf is a definition of its dotted path; each `config('…')` read
//! of a dotted path is a read (the code reader records those).

use super::lexer::{tokenize, Kind, Syntax};
use crate::facts::{EnvRef, Facts};

/// Whether a file is one of a Laravel app's configuration files (`config/services.php`).
pub fn is_config_file(display: &str) -> bool {
    let (dir, name) = display.rsplit_once('/').unwrap_or(("", display));
    name.ends_with(".php") && (dir == "config" || dir.ends_with("/config"))
}

/// The dotted paths of the leaves of the array `config/NAME.php` returns, prefixed by NAME.
pub fn config_defs(display: &str, text: &str, facts: &mut Facts) {
    let name = display.rsplit('/').next().unwrap_or(display).trim_end_matches(".php");
    let toks = tokenize(text, Syntax::C_LIKE);
    let t = |k: usize| &text[toks[k].span.clone()];
    // the keys of the arrays that enclose the current token (None: an array with no key)
    let mut path: Vec<Option<String>> = Vec::new();
    let mut pending: Option<String> = None;
    let mut opens: Vec<bool> = Vec::new();
    // the token after `=>` following token k (the lexer may give `=>` as one token or two)
    let arrow_after = |k: usize| -> Option<usize> {
        match (toks.get(k + 1).map(|x| &text[x.span.clone()]), toks.get(k + 2).map(|x| &text[x.span.clone()])) {
            (Some("=>"), _) => Some(k + 2),
            (Some("="), Some(">")) => Some(k + 3),
            _ => None,
        }
    };
    for k in 0..toks.len() {
        match toks[k].kind {
            Kind::Str if arrow_after(k).is_some() => {
                let key = text[toks[k].inner.clone()].to_string();
                let v = arrow_after(k).unwrap_or(k + 1);
                let opens = v < toks.len() && (t(v) == "[" || t(v) == "array");
                if opens {
                    pending = Some(key);
                } else if !path.is_empty() && path.iter().all(Option::is_some) && path.len() <= 8 {
                    let mut full = vec![name.to_string()];
                    full.extend(path.iter().skip(1).flatten().cloned());
                    full.push(key);
                    let span = toks[k].inner.clone();
                    facts.env_defs.push(EnvRef { name: full.join("."), span, call: None, kwarg: None });
                }
            }
            Kind::Punct if t(k) == "[" || t(k) == "(" => {
                // an array (`[`, `array(`) is a level of the path; a call's parentheses are not
                let array = t(k) == "[" || k > 0 && t(k - 1) == "array";
                if array {
                    // the outermost array (`return [`) has no key
                    path.push(if path.is_empty() { Some(String::new()) } else { pending.take() });
                }
                opens.push(array);
            }
            Kind::Punct if (t(k) == "]" || t(k) == ")") && opens.pop() == Some(true) => {
                path.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_keys() {
        let mut f = crate::facts::Facts::default();
        super::config_defs(
            "config/services.php",
            "<?php\nreturn [\n    'xai' => [\n        'key' => env('XAI_API_KEY'),\n        'model' => 'grok-4',\n    ],\n    'mail' => ['host' => 'x'],\n];\n",
            &mut f,
        );
        let names: Vec<&str> = f.env_defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["services.xai.key", "services.xai.model", "services.mail.host"]);
    }
}
