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

/// Whether a name read and a different name defined are near enough to be the same key under
/// two spellings. A Groq (or Z.ai) variable read is that vendor's, whatever is defined.
pub fn near(a: &str, b: &str) -> bool {
    let upper = a.to_ascii_uppercase();
    let other_vendor = upper.contains("GROQ") || upper.split(['_', '-', '.']).any(|w| NEAR_VENDORS.contains(&w));
    if a == b || !(crate::names::is_xai_key_name(a) || crate::names::is_xai_key_name(b)) || other_vendor {
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

pub fn check(outputs: &[FileOutput], _config: &crate::config::Config) -> Vec<Finding> {
    let doc = crate::ruledoc::RuleId::EnvMismatch.doc();
    let defs: Vec<(&FileOutput, &EnvFact)> =
        outputs.iter().flat_map(|o| o.env.iter().filter(|e| !e.read).map(move |e| (o, e))).collect();
    let defined: BTreeSet<&str> = defs.iter().map(|(_, e)| e.name.as_str()).collect();
    let mut findings = Vec::new();
    for out in outputs.iter().filter(|o| runnable(o)) {
        let mut seen = BTreeSet::new();
        for read in out.env.iter().filter(|e| e.read) {
            if defined.contains(read.name.as_str()) || !seen.insert((read.name.as_str(), read.line)) {
                continue;
            }
            let near_defs: Vec<&(&FileOutput, &EnvFact)> =
                defs.iter().filter(|(_, d)| near(&read.name, &d.name)).collect();
            if near_defs.is_empty() {
                continue;
            }
            let names: BTreeSet<&str> = near_defs.iter().map(|(_, d)| d.name.as_str()).collect();
            let first = near_defs[0];
            let how = if read.implicit { "the xAI SDK used here reads" } else { "the code reads" };
            let detail = format!(
                "{how} `{}`, which nothing in the project defines; {} `{}` instead (first in {}:{})",
                read.name,
                "it defines",
                names.into_iter().collect::<Vec<_>>().join("`, `"),
                first.0.file,
                first.1.line
            );
            let related = near_defs
                .iter()
                .take(10)
                .map(|(o, d)| Related {
                    file: o.file.clone(),
                    line: d.line,
                    column: d.column,
                    message: format!("`{}` is defined here", d.name),
                })
                .collect();
            let mut f = Finding::new(
                crate::ruledoc::RuleId::EnvMismatch,
                &out.file,
                (read.line, read.column),
                (read.line, read.end_column),
                format!("{detail}: {}", doc.message),
                read.name.clone(),
                &[&read.name],
            );
            f.related = related;
            f.snippet = read.snippet.clone();
            findings.push(f);
        }
    }
    findings
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
