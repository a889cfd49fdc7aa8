//! Properties: no panic on any bytes; spans inside the text and on character boundaries; a key
//! planted anywhere in generated code of each language is found; redaction never shows more
//! than the prefix, three characters and the last four.

use proptest::prelude::*;
use std::path::Path;
use xai_lint::classify::Format;
use xai_lint::discover::check_bytes;
use xai_lint::keys;
use xai_lint::output::Settings;

/// Every format with a file name of it, from the format table: a new format is covered here
/// as soon as it has its row.
static FORMATS: std::sync::LazyLock<Vec<(Format, &'static str)>> =
    std::sync::LazyLock::new(|| xai_lint::classify::FORMATS.iter().map(|s| (s.format, s.example)).collect());

fn key_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![b'a'..=b'z', b'A'..=b'Z', b'0'..=b'9'], 80)
        .prop_map(|v| format!("xai-{}", String::from_utf8(v).unwrap()))
        .prop_filter("not visibly synthetic", |k| !keys::is_synthetic(k))
}

/// Code-ish text: identifiers, quotes, brackets, operators, newlines, comments.
fn code_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("x = ".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("`".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("# ".to_string()),
            Just("// ".to_string()),
            Just("/*".to_string()),
            Just("*/".to_string()),
            Just(": ".to_string()),
            Just("- ".to_string()),
            Just("XAI_API_KEY".to_string()),
            Just("process.env.".to_string()),
            Just("os.environ[".to_string()),
            Just("```python\n".to_string()),
            Just("\\".to_string()),
            Just("é".to_string()),
            "[a-zA-Z_]{1,8}",
            " {1,4}",
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_and_spans_in_bounds(bytes in proptest::collection::vec(any::<u8>(), 0..400), f in 0..FORMATS.len()) {
        let text = String::from_utf8_lossy(&bytes);
        let facts = xai_lint::readers::read(FORMATS[f].0, &text);
        for span in facts.literals.iter().map(|l| &l.span)
            .chain(facts.env_reads.iter().map(|e| &e.span))
            .chain(facts.env_defs.iter().map(|e| &e.span))
            .chain(facts.calls.iter().map(|c| &c.span)) {
            prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?} in {}", span, text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        let _ = check_bytes(FORMATS[f].1, Path::new(FORMATS[f].1), &bytes, &Settings::default());
    }

    #[test]
    fn structured_noise_never_panics(code in code_strategy(), f in 0..FORMATS.len()) {
        let r = check_bytes(FORMATS[f].1, Path::new(FORMATS[f].1), code.as_bytes(), &Settings::default());
        if let Ok((out, _)) = r {
            for finding in out.findings {
                prop_assert!(finding.line >= 1 && finding.column >= 1);
                prop_assert!(keys::find_key_tokens(&finding.redacted).is_empty());
            }
        }
    }

    #[test]
    fn a_planted_key_is_found_in_every_language(code in code_strategy(), key in key_strategy(), at in 0usize..1000, f in 0..FORMATS.len()) {
        // plant the key between tokens: at a char boundary, with a space either side
        let mut cut = at.min(code.len());
        while !code.is_char_boundary(cut) { cut -= 1; }
        let text = format!("{} {key} {}", &code[..cut], &code[cut..]);
        let (out, _) = check_bytes(FORMATS[f].1, Path::new(FORMATS[f].1), text.as_bytes(), &Settings::default()).unwrap();
        let (line, col) = {
            let before = &text[..cut + 1];
            let line = before.matches('\n').count() + 1;
            let col = before[before.rfind('\n').map_or(0, |p| p + 1)..].chars().count() + 1;
            (line, col)
        };
        prop_assert!(
            out.findings.iter().any(|f| f.rule.name == "hardcoded-key" && f.line == line && f.column == col),
            "not found at {}:{} in {:?}: {:?}", line, col, FORMATS[f].0,
            out.findings.iter().map(|f| (f.line, f.column, f.rule.name.clone())).collect::<Vec<_>>()
        );
    }

    #[test]
    fn redaction_shows_at_most_prefix_three_and_four(body in "[A-Za-z0-9]{0,120}", prefix in prop_oneof![Just(""), Just("xai-"), Just("xai-token-"), Just("gsk_"), Just("sk-")]) {
        let v = format!("{prefix}{body}");
        let r = xai_lint::redact::redact(&v);
        let shown: String = r.chars().filter(|c| *c != '…').collect();
        prop_assert!(shown.len() <= prefix.len() + 3 + 4, "{} → {}", v, r);
        // never a run of 8 characters of the body
        for w in body.as_bytes().windows(8) {
            prop_assert!(!r.contains(std::str::from_utf8(w).unwrap()), "{} → {}", v, r);
        }
    }
}

/// Words that once made a real key look fake (issue 13): a random body holds them often enough.
const WORDS: &[&str] = &[
    "test",
    "mock",
    "todo",
    "here",
    "your",
    "xxxx",
    "key",
    "fake",
    "example",
    "sample",
    "dummy",
    "secret",
    "changeme",
    "placeholder",
    "redacted",
    "insert",
    "replace",
    "fixme",
];

/// Where keys get committed, including the places a linter is tempted to forgive: tests,
/// fixtures, templates, docs.
const PLACES: &[(&str, &str)] = &[
    ("src/app.py", "API_KEY = \"{K}\"\n"),
    ("tests/test_app.py", "def test_x():\n    client = Client(api_key=\"{K}\")\n"),
    ("tests/fixtures/keys.ts", "export const KEY = '{K}';\n"),
    ("__mocks__/client.js", "module.exports = { apiKey: \"{K}\" };\n"),
    (".env.example", "XAI_API_KEY={K}\n"),
    (".env.sample", "GROK_API_KEY=\"{K}\"\n"),
    ("config/settings.template.yaml", "xai:\n  api_key: {K}\n"),
    ("spec/mock_client_spec.rb", "let(:key) { \"{K}\" }\n"),
    ("main_test.go", "package main\nconst k = \"{K}\"\n"),
    ("README.md", "```bash\nexport XAI_API_KEY={K}\n```\n"),
    ("docs/setup.md", "Use the key {K} for staging.\n"),
    ("src/lib.rs", "#[cfg(test)]\nconst KEY: &str = \"{K}\";\n"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Every random `xai-` + 80 body, with a common word spliced in or not, is reported as
    /// `hardcoded-key` wherever it is placed, and as nothing else.
    #[test]
    fn random_keys_are_keys_whatever_words_they_hold(
        body in proptest::collection::vec(prop_oneof![b'a'..=b'z', b'A'..=b'Z', b'0'..=b'9'], 80),
        word in 0..WORDS.len(),
        at in 0usize..69,
        splice in any::<bool>(),
        place in 0..PLACES.len(),
    ) {
        let mut body = String::from_utf8(body).unwrap();
        if splice {
            let w = WORDS[word];
            body.replace_range(at..at + w.len(), w);
        }
        let key = format!("xai-{body}");
        let (path, template) = PLACES[place];
        let text = template.replace("{K}", &key);
        let (out, _) = check_bytes(path, Path::new(path), text.as_bytes(), &Settings::default()).unwrap();
        let rules: Vec<&str> = out.findings.iter().map(|f| f.rule.name.as_str()).collect();
        prop_assert_eq!(rules, vec!["hardcoded-key"], "{} in {}", xai_lint::redact::redact(&key), path);
    }
}
