//! Which reader a file gets, decided by its name and extension, and what role the file plays
//! (live configuration, template, documentation, test).

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Dotenv,
    /// Java `.properties` (Spring): `key=value`, quotes are part of the value, `${NAME:default}`.
    Properties,
    Yaml,
    Toml,
    Json,
    Notebook,
    Markdown,
    Python,
    JavaScript,
    Go,
    Rust,
    /// Other languages with C-like strings and comments (C, C++, Java, Kotlin, C#, Swift, PHP…).
    CLike,
    /// Languages with `#` comments and C-like strings (Ruby, Perl, R, Elixir…).
    HashComment,
    Shell,
    Dockerfile,
    Plain,
}

/// What the rest of the run needs to know of a format: one row per format (see FORMATS).
#[derive(Debug, Clone, Copy)]
pub struct FormatSpec {
    pub format: Format,
    /// A file name of this format (for tests: property tests and fuzz targets use it).
    pub example: &'static str,
    /// Source code: SDK clients and implicit environment reads are looked for.
    pub is_code: bool,
    /// A file larger than the window bound may be read around its mentions of xAI only.
    pub windowable: bool,
}

/// Every format, with its properties. Property tests and fuzz targets iterate over it, so a new
/// format is covered by them as soon as it has a row.
pub const FORMATS: &[FormatSpec] = &[
    FormatSpec { format: Format::Dotenv, example: ".env", is_code: false, windowable: true },
    FormatSpec { format: Format::Properties, example: "application.properties", is_code: false, windowable: true },
    FormatSpec { format: Format::Yaml, example: "c.yml", is_code: false, windowable: true },
    FormatSpec { format: Format::Toml, example: "c.toml", is_code: false, windowable: true },
    FormatSpec { format: Format::Json, example: "c.json", is_code: false, windowable: true },
    FormatSpec { format: Format::Notebook, example: "n.ipynb", is_code: false, windowable: false },
    FormatSpec { format: Format::Markdown, example: "README.md", is_code: false, windowable: false },
    FormatSpec { format: Format::Python, example: "a.py", is_code: true, windowable: true },
    FormatSpec { format: Format::JavaScript, example: "a.ts", is_code: true, windowable: true },
    FormatSpec { format: Format::Go, example: "a.go", is_code: true, windowable: true },
    FormatSpec { format: Format::Rust, example: "a.rs", is_code: true, windowable: true },
    FormatSpec { format: Format::CLike, example: "A.java", is_code: true, windowable: true },
    FormatSpec { format: Format::HashComment, example: "a.rb", is_code: true, windowable: true },
    FormatSpec { format: Format::Shell, example: "a.sh", is_code: true, windowable: true },
    FormatSpec { format: Format::Dockerfile, example: "Dockerfile", is_code: false, windowable: false },
    FormatSpec { format: Format::Plain, example: "notes.txt", is_code: false, windowable: false },
];

impl Format {
    /// This format's row of FORMATS.
    pub fn spec(self) -> &'static FormatSpec {
        FORMATS.iter().find(|s| s.format == self).expect("every format has a row in FORMATS")
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Dotenv => "dotenv",
            Format::Properties => "properties",
            Format::Yaml => "yaml",
            Format::Toml => "toml",
            Format::Json => "json",
            Format::Notebook => "notebook",
            Format::Markdown => "markdown",
            Format::Python => "python",
            Format::JavaScript => "javascript",
            Format::Go => "go",
            Format::Rust => "rust",
            Format::CLike => "c-like",
            Format::HashComment => "hash-comment",
            Format::Shell => "shell",
            Format::Dockerfile => "dockerfile",
            Format::Plain => "text",
        }
    }

    /// The format of a Markdown fence's info string (```python, ```env, ```ts …).
    pub fn from_fence(info: &str) -> Option<Format> {
        let lang = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next()?;
        Some(match lang.to_ascii_lowercase().as_str() {
            "env" | "dotenv" | "ini" => Format::Dotenv,
            "properties" => Format::Properties,
            "yaml" | "yml" => Format::Yaml,
            "toml" => Format::Toml,
            "json" | "jsonc" | "json5" => Format::Json,
            "python" | "py" | "python3" | "ipython" | "pycon" => Format::Python,
            "js" | "javascript" | "jsx" | "ts" | "typescript" | "tsx" | "mjs" | "cjs" | "vue" | "svelte" => {
                Format::JavaScript
            }
            "go" | "golang" => Format::Go,
            "rust" | "rs" => Format::Rust,
            "sh" | "bash" | "shell" | "zsh" | "console" | "shell-session" | "fish" => Format::Shell,
            "dockerfile" | "docker" => Format::Dockerfile,
            "c" | "cpp" | "c++" | "java" | "kotlin" | "csharp" | "cs" | "swift" | "php" | "dart" | "scala" => {
                Format::CLike
            }
            "ruby" | "rb" | "perl" | "r" | "elixir" => Format::HashComment,
            _ => return None,
        })
    }
}

/// A file's format and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub format: Format,
    /// An example or template env file (`.env.example`): its values are not used by the app.
    pub template: bool,
    /// A test file or fixture: fake keys there are deliberate.
    pub test: bool,
    /// Documentation (Markdown, reStructuredText, plain text docs).
    pub docs: bool,
}

const TEMPLATE_WORDS: &[&str] = &["example", "sample", "template", "tmpl", "dist", "tpl"];

fn is_template_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TEMPLATE_WORDS.iter().any(|w| lower.contains(w))
}

pub fn is_dotenv_name(name: &str) -> bool {
    name == ".env"
        || name.starts_with(".env.")
        || name == ".envrc"
        || name.starts_with(".envsample")
        || name.ends_with(".env")
        || name == ".flaskenv"
        // Cloudflare Workers' local secrets (`.dev.vars`, `.dev.vars.example`)
        || name == ".dev.vars"
        || name.starts_with(".dev.vars.")
}

fn is_test_path(path: &Path) -> bool {
    let mut comps = path.components().peekable();
    while let Some(c) = comps.next() {
        let s = c.as_os_str().to_string_lossy();
        let last = comps.peek().is_none();
        if !last {
            let d = s.to_ascii_lowercase();
            if matches!(
                d.as_str(),
                "test"
                    | "tests"
                    | "__tests__"
                    | "spec"
                    | "specs"
                    | "testdata"
                    | "test-data"
                    | "test_data"
                    | "fixtures"
                    | "__fixtures__"
                    | "__mocks__"
                    | "mocks"
                    | "e2e"
                    | "testing"
                    | "test_utils"
                    | "testutils"
                    | "cassettes"
            ) {
                return true;
            }
        } else {
            let f = s.to_ascii_lowercase();
            let stem = f.split('.').next().unwrap_or("");
            if f.starts_with("test_")
                || stem.ends_with("_test")
                || stem.ends_with("_tests")
                || stem.ends_with("_spec")
                || f.contains(".test.")
                || f.contains(".spec.")
                || f == "conftest.py"
                || stem.ends_with("test") && f.ends_with(".java")
            {
                return true;
            }
        }
    }
    false
}

pub fn classify(path: &Path) -> Class {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let format = if is_dotenv_name(&name) {
        Format::Dotenv
    } else if lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower == "containerfile"
        || ext == "dockerfile"
    {
        Format::Dockerfile
    } else {
        match ext {
            "yml" | "yaml" => Format::Yaml,
            // (Terraform's variable files are `name = "value"` lines, as TOML writes them)
            "toml" | "tfvars" => Format::Toml,
            "json" | "jsonc" | "json5" | "jsonl" => Format::Json,
            "ipynb" => Format::Notebook,
            "md" | "markdown" | "mdx" => Format::Markdown,
            "py" | "pyi" | "pyw" => Format::Python,
            "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "vue" | "svelte" | "astro" => {
                Format::JavaScript
            }
            "go" => Format::Go,
            "rs" => Format::Rust,
            "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "java" | "kt" | "kts" | "cs" | "swift" | "php"
            | "dart" | "scala" | "groovy" | "gradle" | "m" | "mm" => Format::CLike,
            "rb" | "pl" | "pm" | "r" | "ex" | "exs" | "cr" => Format::HashComment,
            "sh" | "bash" | "zsh" | "ksh" | "fish" => Format::Shell,
            "ini" | "cfg" | "conf" => Format::Dotenv,
            "properties" => Format::Properties,
            _ => Format::Plain,
        }
    };
    // Helm chart defaults, JSON schemas and translation files hold defaults and text, not
    // live values
    let helm_or_i18n = (lower.starts_with("values") && matches!(ext, "yaml" | "yml"))
        || lower.ends_with(".schema.json")
        // translation data, not code that happens to live in a `locales/` folder
        || matches!(format, Format::Json | Format::Yaml | Format::Toml | Format::Dotenv | Format::Properties)
            && path
                .components()
                .any(|c| matches!(c.as_os_str().to_str(), Some("locales" | "i18n" | "l10n" | "lang" | "translations")));
    let template = helm_or_i18n
        || format == Format::Dotenv && is_template_name(&name)
        || name.ends_with(".example")
        || name.ends_with(".sample")
        || name.ends_with(".template");
    // documentation by format; a source file in a `doc/` folder is still code
    let docs = matches!(format, Format::Markdown) || matches!(ext, "rst" | "txt" | "adoc" | "html" | "htm");
    Class { format, template, test: is_test_path(path), docs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_row_whose_example_classifies_as_it() {
        for spec in FORMATS {
            assert_eq!(FORMATS.iter().filter(|s| s.format == spec.format).count(), 1, "{:?}", spec.format);
            assert_eq!(classify(Path::new(spec.example)).format, spec.format, "{}", spec.example);
            // `spec()` finds the row (it panics for a variant without one)
            assert_eq!(spec.format.spec().example, spec.example);
        }
    }

    #[test]
    fn names() {
        assert_eq!(classify(Path::new(".env.local")).format, Format::Dotenv);
        assert!(classify(Path::new("a/.env.example")).template);
        assert!(classify(Path::new(".envsample")).template);
        assert!(!classify(Path::new(".env.production")).template);
        assert_eq!(classify(Path::new("prod.env")).format, Format::Dotenv);
        assert_eq!(classify(Path::new("Dockerfile.dev")).format, Format::Dockerfile);
        assert_eq!(classify(Path::new(".streamlit/secrets.toml")).format, Format::Toml);
        assert!(classify(Path::new("tests/test_client.py")).test);
        assert!(classify(Path::new("src/client.test.ts")).test);
        assert!(classify(Path::new("pkg/client_test.go")).test);
        assert!(!classify(Path::new("src/latest.py")).test);
        assert!(!classify(Path::new("src/contest/app.py")).test);
    }
}
