//! env-mismatch (project-wide): code reads an xAI key under a name that nothing in the project
//! defines, while a near name is defined (a typo, `XAI_KEY` vs `XAI_API_KEY`, the XAI/GROK alias
//! swapped, Grok vs Groq), or the templates and docs document another name.

use crate::classify::Format;
use crate::finding::{Finding, Related};
use crate::output::{EnvFact, FileOutput};

use std::collections::BTreeSet;

/// `XAI_API_KEY` → `XAIKEY`: case, separators and `API` do not tell names apart.
fn normalize(name: &str) -> String {
    let n: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    n.replace("API", "")
}

/// Edit distance counting a swap of two neighbours as one edit (`XIA` for `XAI`).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Vendors whose names sit one letter from XAI or GROK: their variables are theirs, not typos.
const NEAR_VENDORS: &[&str] = &["GROQ", "ZAI", "ZHIPU"];

/// The same name: equal, or the same .NET configuration path (case does not matter, and an
/// environment variable's `__` is the path's `:`).
fn same_name(a: &str, b: &str) -> bool {
    a == b
        || (a.contains(':') || b.contains(':')) && a.replace("__", ":").eq_ignore_ascii_case(&b.replace("__", ":"))
        || a.contains('.') && b.contains('.') && loose(a) == loose(b)
}

/// A dotted property path as Spring binds it: `xai.api-key`, `xai.apiKey` and `xai.api_key`
/// are one property.
fn loose(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.').collect::<String>().to_ascii_lowercase()
}

/// A slip of spelling between two xAI key names (not an alias swap, not another vendor).
fn slip(a: &str, b: &str) -> bool {
    let upper = a.to_ascii_uppercase();
    let other_vendor = upper.contains("GROQ") || upper.split(['_', '-', '.']).any(|w| NEAR_VENDORS.contains(&w));
    if a == b || other_vendor || !crate::names::is_xai_key_name(b) {
        return false;
    }
    let (na, nb) = (normalize(a), normalize(b));
    let shortest = na.len().min(nb.len());
    na == nb || shortest >= 5 && distance(&na, &nb) <= if shortest < 8 { 1 } else { 2 }
}

/// Whether a name read and a different name defined are near enough to be the same key under
/// two spellings. A Groq (or Z.ai) variable read is that vendor's, whatever is defined.
pub fn near(a: &str, b: &str) -> bool {
    let upper = a.to_ascii_uppercase();
    let other_vendor = upper.contains("GROQ") || upper.split(['_', '-', '.']).any(|w| NEAR_VENDORS.contains(&w));
    if a == b || !(crate::names::is_xai_key_name(a) || crate::names::is_xai_key_name(b)) || other_vendor {
        return false;
    }
    // a .NET configuration path (`Grok:ApiKey`, `Grok__ApiKey`), a dotted configuration path
    // (`services.xai.key`) and a plain variable are different naming systems: none is a
    // misspelling of another
    let system = |s: &str| {
        if s.contains(':') || s.contains("__") {
            1
        } else if s.contains('.') {
            2
        } else {
            0
        }
    };
    if system(a) != system(b) {
        return false;
    }
    let (na, nb) = (normalize(a), normalize(b));
    // the XAI/GROK alias swapped, or Grok written Groq (not Groq for XAI: that is a vendor)
    let alias = |s: &str| s.replace("GROK", "XAI");
    let groq = |s: &str| s.replace("GROQ", "GROK");
    if na == nb || alias(&na) == alias(&nb) || groq(&na) == groq(&nb) {
        return true;
    }
    // one slip in a short name, two in a long one
    let shortest = na.len().min(nb.len());
    shortest >= 5 && distance(&na, &nb) <= if shortest < 8 { 1 } else { 2 }
}

/// A read that runs: in code or scripts, not in docs, templates or tests.
fn runnable(out: &FileOutput) -> bool {
    out.class.is_some_and(|c| !c.docs && !c.template && !c.test && c.format != Format::Markdown)
}

/// What kind of place defines a name, for the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// README and docs: what users are told to set.
    Docs,
    /// Compose, CI and deployment files: what is passed into the process.
    Forward,
    /// Env files, templates, scripts.
    Defines,
}

fn origin(out: &FileOutput) -> Origin {
    if out.class.is_some_and(|c| c.docs || c.format == Format::Markdown) {
        Origin::Docs
    } else if forwards(&out.file) {
        Origin::Forward
    } else {
        Origin::Defines
    }
}

/// Files that pass named variables into a process: compose services and CI jobs.
fn forwards(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    // (Kubernetes manifests by where projects keep them)
    let k8s = ["k8s/", "kubernetes/", "kube/", "manifests/", "deploy/", "deployment/"].iter().any(|d| file.contains(d))
        || name.contains("deployment");
    yaml && (name.starts_with("docker-compose")
        || name.starts_with("compose.")
        || name.starts_with(".gitlab-ci")
        || file.contains(".github/workflows/")
        || k8s)
}

/// Release notes name old variables on purpose: not what users are told to set.
fn changelog(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file).to_ascii_uppercase();
    ["CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASE", "MIGRAT", "UPGRAD"].iter().any(|w| name.starts_with(w))
}

/// Another provider's key variable (`OPENAI_API_KEY`): docs naming only it describe the
/// provider the code replaced.
fn vendor_key(name: &str) -> bool {
    const VENDORS: &[&str] =
        &["OPENAI", "ANTHROPIC", "GEMINI", "GOOGLE", "MISTRAL", "DEEPSEEK", "OPENROUTER", "TOGETHER", "COHERE"];
    let up = name.to_ascii_uppercase();
    (up.ends_with("_API_KEY") || up.ends_with("_KEY")) && VENDORS.iter().any(|v| up.starts_with(v))
}

type Place<'a> = (&'a FileOutput, &'a EnvFact);

fn say(out: &FileOutput) -> String {
    match origin(out) {
        Origin::Docs => "the docs tell users to set".into(),
        Origin::Forward => format!("{} passes", out.file),
        Origin::Defines => "the project defines".into(),
    }
}

fn related(places: &[Place], what: &str) -> Vec<Related> {
    places
        .iter()
        .take(10)
        .map(|(o, d)| Related {
            file: o.file.clone(),
            line: d.line,
            column: d.column,
            message: format!("`{}` {what} here", d.name),
        })
        .collect()
}

fn finding(out: &FileOutput, at: &EnvFact, detail: String, related: Vec<Related>) -> Finding {
    super::env_finding(crate::ruledoc::RuleId::EnvMismatch, &out.file, at, &detail, &[&at.name], related)
}

fn names(places: &[Place]) -> String {
    let set: BTreeSet<&str> = places.iter().map(|(_, d)| d.name.as_str()).collect();
    set.into_iter().collect::<Vec<_>>().join("`, `")
}

pub fn check(outputs: &[FileOutput], _config: &crate::config::Config) -> Vec<Finding> {
    let defs: Vec<Place> = outputs
        .iter()
        .flat_map(|o| o.env.iter().filter(|e| !e.read).map(move |e| (o, e)))
        .filter(|(o, e)| {
            !(e.mentioned && changelog(&o.file))
                && e.name != crate::facts::ENV_FILE
                && e.name != crate::facts::BUNDLED_ENV
        })
        .collect();
    let defined: BTreeSet<&str> = defs.iter().map(|(_, e)| e.name.as_str()).collect();
    // a .NET configuration path (`Grok:ApiKey`) ignores case, and `Grok__ApiKey` in the
    // environment sets it
    let dotnet: Vec<String> = defs.iter().map(|(_, e)| e.name.replace("__", ":").to_ascii_lowercase()).collect();
    let dotted: BTreeSet<String> = defined.iter().filter(|d| d.contains('.')).map(|d| loose(d)).collect();
    let is_defined = |name: &str| {
        defined.contains(name)
            || name.contains(':') && dotnet.contains(&name.replace("__", ":").to_ascii_lowercase())
            || name.contains('.') && dotted.contains(&loose(name))
    };
    // names each file reads: a file that reads two names reads one as the other's fallback
    let reads_in = |o: &FileOutput| -> BTreeSet<String> {
        o.env.iter().filter(|e| e.read).map(|e| e.name.clone()).collect::<BTreeSet<_>>()
    };
    let per_file: Vec<BTreeSet<String>> = outputs.iter().map(reads_in).collect();
    let together = |a: &str, b: &str| per_file.iter().any(|s| s.contains(a) && s.contains(b));
    let run_reads: Vec<Place> = outputs
        .iter()
        .filter(|o| runnable(o))
        .flat_map(|o| o.env.iter().filter(|e| e.read).map(move |e| (o, e)))
        .collect();
    let read_anywhere = |name: &str| run_reads.iter().any(|(_, r)| r.name == name);
    // (compose's `${X}` reads the host's environment, not the service's)
    let read_in_code = |name: &str| run_reads.iter().any(|(o, r)| r.name == name && origin(o) != Origin::Forward);
    let any_xai_defined = defs.iter().any(|(_, d)| crate::names::is_xai_key_name(&d.name));
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for &(out, read) in &run_reads {
        if !seen.insert((out.file.as_str(), read.name.as_str(), read.line)) {
            continue;
        }
        let how = if read.implicit { "the xAI SDK used here reads" } else { "this code reads" };
        if read.config_path {
            // a configuration path is defined by the configuration files (their dotted paths)
            let paths: Vec<Place> = defs
                .iter()
                .filter(|(_, d)| d.name.contains('.') && !is_defined(&read.name) && near(&read.name, &d.name))
                .copied()
                .collect();
            let lead =
                format!("this code reads the configuration `{}`, which no configuration file defines", read.name);
            findings.extend(near_finding(out, read, &paths, &lead, ": the value is null"));
            continue;
        }
        if read.secret {
            // a secret is named in the repository's settings: only a slip of spelling against
            // the name the project defines is a mistake (not another alias of the key)
            let slips: Vec<Place> =
                defs.iter().filter(|(_, d)| !is_defined(&read.name) && slip(&read.name, &d.name)).copied().collect();
            let lead = format!("this step uses the secret `{}`", read.name);
            findings.extend(near_finding(out, read, &slips, &lead, ": a misspelt secret is empty, so no key is sent"));
            continue;
        }
        if is_defined(&read.name) {
            if let Some(f) = forwarded(out, read, &defs, &read_in_code) {
                findings.push(f);
            }
            continue;
        }
        let near_defs: Vec<Place> =
            defs.iter().filter(|(_, d)| near(&read.name, &d.name) && !together(&read.name, &d.name)).copied().collect();
        let lead = format!("{how} `{}`, which nothing in the project defines", read.name);
        if let Some(f) = near_finding(out, read, &near_defs, &lead, "") {
            findings.push(f);
            continue;
        }
        if any_xai_defined || !crate::names::is_xai_key_name(&read.name) {
            continue;
        }
        // the docs still name the provider the code replaced
        let stale: Vec<Place> = defs
            .iter()
            .filter(|(o, d)| origin(o) == Origin::Docs && vendor_key(&d.name) && !read_anywhere(&d.name))
            .copied()
            .collect();
        if let Some(first) = stale.first() {
            let detail = format!(
                "{how} `{}`, which nothing in the project defines or documents; the docs tell users to set `{}` \
                 (first in {}:{}), which no code reads",
                read.name,
                names(&stale),
                first.0.file,
                first.1.line
            );
            findings.push(finding(out, read, detail, related(&stale, "is documented")));
            continue;
        }
        // no definition at all: the name most places read is the project's name
        if let Some(f) = minority(out, read, outputs, &together) {
            findings.push(f);
        }
    }
    findings.extend(promised_aliases(&defs, &run_reads));
    findings
}

/// A finding at `read` that names the near definitions: "LEAD, while the project defines `A`,
/// `B` (first in FILE:LINE)TAIL", every definition as related information.
fn near_finding(out: &FileOutput, read: &EnvFact, places: &[Place], lead: &str, tail: &str) -> Option<Finding> {
    let first = places.first()?;
    let detail = format!(
        "{lead}, while {} `{}` (first in {}:{}){tail}",
        say(first.0),
        names(places),
        first.0.file,
        first.1.line
    );
    Some(finding(out, read, detail, related(places, "is defined")))
}

/// The line of a place, from its snippet.
fn line_text(d: &EnvFact) -> &str {
    d.snippet.as_ref().and_then(|s| s.text.lines().nth(d.line.saturating_sub(s.first_line))).unwrap_or("")
}

/// Docs that offer an alias (`XAI_API_KEY` or `GROK_API_KEY`) no code reads, while the code
/// reads a near name the docs also give: a user who sets the alias gets no key. Reported at the
/// doc line, when the line itself offers the alias. Lines that call the name old, deprecated or renamed are history, not advice.
fn promised_aliases(defs: &[Place], run_reads: &[Place]) -> Vec<Finding> {
    let docs: Vec<Place> = defs.iter().filter(|(o, _)| origin(o) == Origin::Docs).copied().collect();
    let elsewhere = |name: &str| defs.iter().any(|(o, d)| d.name == name && origin(o) != Origin::Docs);
    let read = |name: &str| run_reads.iter().any(|(_, r)| r.name == name);
    let history =
        ["deprecat", "formerly", "renamed", "legacy", "old ", "no longer", "instead", "not ", "removed", "was "];
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for &(o, d) in &docs {
        if !crate::names::is_xai_key_name(&d.name) || read(&d.name) || elsewhere(&d.name) {
            continue;
        }
        let line = line_text(d).to_ascii_lowercase();
        if history.iter().any(|w| line.contains(w)) || !seen.insert(d.name.as_str()) {
            continue;
        }
        // the offer itself: both names on the line, joined by "or" or called an alias
        // (`XAI_API_KEY (or GROK_API_KEY)`); `XAI_KEY vs XAI_API_KEY` compares, it offers nothing
        let offered = |r: &str| {
            let (a, b) = (line.find(&d.name.to_ascii_lowercase()), line.find(&r.to_ascii_lowercase()));
            let (Some(a), Some(b)) = (a, b) else { return false };
            let between = &line[a.min(b)..a.max(b)];
            (between.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w == "or") || between.contains("alias"))
                && !line.contains(" vs")
                && !line.contains("e.g.")
        };
        let Some(&(ro, r)) = run_reads.iter().find(|(_, r)| near(&d.name, &r.name) && offered(&r.name)) else {
            continue;
        };
        let detail = format!(
            "the docs tell users they may set `{}`, but the code reads only `{}` (first in {}:{}), which a user who sets `{}` leaves unset",
            d.name, r.name, ro.file, r.line, d.name
        );
        let mut f = finding(o, d, detail, related(&[(ro, r)], "is read"));
        f.severity = crate::ruledoc::Severity::Warning;
        out.push(f);
    }
    out
}

/// A read whose near name most other places read (code, tests, docs examples), when nothing
/// defines either: the odd one out is the slip. A project that reads one name everywhere, or
/// reads two names side by side as fallbacks, is never reported.
fn minority(
    out: &FileOutput,
    read: &EnvFact,
    outputs: &[FileOutput],
    together: &dyn Fn(&str, &str) -> bool,
) -> Option<Finding> {
    let all: Vec<Place> = outputs.iter().flat_map(|o| o.env.iter().filter(|e| e.read).map(move |e| (o, e))).collect();
    let count = |name: &str| {
        all.iter()
            .filter(|(_, e)| e.name == name)
            .map(|(o, e)| (o.file.as_str(), e.line))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let mine = count(&read.name);
    let mut best: Option<(&str, usize)> = None;
    for (_, e) in &all {
        if near(&read.name, &e.name) && !together(&read.name, &e.name) {
            let n = count(&e.name);
            if best.map_or(true, |(_, b)| n > b) {
                best = Some((e.name.as_str(), n));
            }
        }
    }
    let (major, n) = best?;
    if n < 2 || n < 2 * mine {
        return None;
    }
    let places: Vec<Place> = all.iter().filter(|(_, e)| e.name == major).copied().collect();
    let detail = format!(
        "{} places in the project read `{major}` (first in {}:{}); this code reads `{}`, which nothing defines",
        n, places[0].0.file, places[0].1.line, read.name
    );
    Some(finding(out, read, detail, related(&places, "is read")))
}

/// A name the env files define, but the compose service or CI job passes a near name into the
/// process instead: inside the container the name read is unset.
fn forwarded(
    out: &FileOutput,
    read: &EnvFact,
    defs: &[Place],
    read_anywhere: &dyn Fn(&str) -> bool,
) -> Option<Finding> {
    if origin(out) == Origin::Forward {
        // `${X}` in compose reads the host's environment, which the env files define
        return None;
    }
    // a file with `env_file:` passes the env file's names too
    let with_env_file = |o: &FileOutput| o.env.iter().any(|e| e.name == crate::facts::ENV_FILE);
    let passed: Vec<Place> =
        defs.iter().filter(|(o, _)| origin(o) == Origin::Forward && !with_env_file(o)).copied().collect();
    if passed.iter().any(|(_, d)| same_name(&d.name, &read.name)) {
        return None;
    }
    let near_passed: Vec<Place> =
        passed.iter().filter(|(_, d)| near(&read.name, &d.name) && !read_anywhere(&d.name)).copied().collect();
    let first = near_passed.first()?;
    let detail = format!(
        "{} passes `{}` into the process, but this code reads `{}`, which it does not pass",
        first.0.file,
        names(&near_passed),
        read.name
    );
    Some(finding(out, read, detail, related(&near_passed, "is passed")))
}

#[cfg(test)]
mod tests {
    use super::near;

    #[test]
    fn near_names() {
        assert!(near("XIA_API_KEY", "XAI_API_KEY"));
        assert!(near("XAI_KEY", "XAI_API_KEY"));
        assert!(near("GROK_API_KEY", "XAI_API_KEY"));
        assert!(near("GROK_API_KEY", "GROQ_API_KEY"));
        assert!(!near("GROQ_API_KEY", "GROK_API_KEY"));
        assert!(!near("XAI_API_AUTH_TOKEN", "XAI_API_KEY"));
        assert!(!near("OPENAI_API_KEY", "XAI_API_KEY"));
        assert!(!near("XAI_MANAGEMENT_KEY", "XAI_API_KEY"));
        assert!(!near("GROQ_API_KEY", "OPENAI_API_KEY"));
        assert!(!near("GROQ_API_KEY", "XAI_API_KEY"));
        assert!(!near("AIM_API_KEY", "XAI_API_KEY"));
        assert!(near("XAI_API_KEYS", "XAI_API_KEY"));
    }
}
