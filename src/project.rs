//! The project-wide pass: after every file is checked, apply suppressions (and report the
//! ones that suppress nothing), the configuration's rule levels and the baseline, then sort.

use crate::baseline::Baseline;
use crate::config::Config;
use crate::finding::Finding;
use crate::output::FileOutput;
use crate::ruledoc;
use crate::suppress;

#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// Findings left out by inline suppressions.
    pub suppressed: usize,
    /// Endpoints and models the project uses, sorted.
    pub usage: Vec<crate::usage::Usage>,
    /// xAI key variable names the project reads, with how often (filled by callers that need it).
    pub key_names: Vec<(String, usize)>,
}

/// `report_files`: when set, only findings in these files are reported (the staged files);
/// the others only contribute knowledge.
pub fn finish(
    outputs: Vec<FileOutput>,
    config: &Config,
    baseline: Option<&Baseline>,
    report_files: Option<&[String]>,
) -> Outcome {
    let mut out = Outcome::default();
    // project-wide rules see every file, reported or not
    let mut project_findings = Vec::new();
    for rule in crate::rules::RULES {
        if let crate::rules::Check::Project(check) | crate::rules::Check::FileAndProject(_, check) = rule.check {
            project_findings.extend(check(&outputs, config));
        }
    }
    let mut outputs = outputs;
    let outputs_reads: Vec<String> =
        outputs.iter().flat_map(|o| o.env.iter().filter(|e| e.read).map(|e| e.name.clone())).collect();
    // names set by env, compose and deployment files (code that sets a variable sets it for
    // its own process only)
    let outputs_defs: Vec<String> = outputs
        .iter()
        .filter(|o| o.class.is_some_and(|c| !c.docs && !c.format.spec().is_code))
        .flat_map(|o| o.env.iter().filter(|e| !e.read).map(|e| e.name.clone()))
        .collect();
    for o in &outputs {
        out.usage.extend(o.usage.iter().map(|u| crate::usage::Usage {
            kind: u.kind,
            name: u.name.clone(),
            file: o.file.clone(),
            line: u.line,
            column: u.column,
        }));
    }
    out.usage.sort();
    for f in project_findings.drain(..) {
        if let Some(o) = outputs.iter_mut().find(|o| o.file == f.file) {
            o.findings.push(f);
        }
    }
    for mut file in outputs {
        if let Some(only) = report_files {
            if !only.contains(&file.file) {
                continue;
            }
        }
        let mut kept = Vec::new();
        for f in file.findings.drain(..) {
            if let Some(s) = file.suppressions.iter_mut().find(|s| s.covers(&f.rule.name, f.line)) {
                s.used = true;
                out.suppressed += 1;
            } else {
                kept.push(f);
            }
        }
        for s in &file.suppressions {
            if let Some(problem) = suppress::problem(s) {
                kept.push(crate::rules::unused_suppression::finding(&file.file, s, problem));
            }
        }
        out.findings.extend(kept);
    }
    // a public key name that only a template defines and nothing reads ships nothing yet: a
    // warning that says so, not an error
    let read: std::collections::HashSet<&str> = outputs_reads.iter().map(String::as_str).collect();
    for f in &mut out.findings {
        if f.rule.rule() == crate::ruledoc::RuleId::ClientExposedKey
            && f.message.contains(crate::rules::client_exposed_key::TEMPLATE_ONLY)
        {
            let name = f.message.split('`').nth(1).unwrap_or("");
            if !read.contains(name) {
                f.severity = ruledoc::Severity::Warning;
                f.message = format!("{}; nothing in the project reads it yet", f.message);
            }
        }
    }
    // a client "with no base URL" takes it from OPENAI_BASE_URL when the project's env files,
    // compose or deployment files set it: not a finding
    let base_url_set = outputs_defs.iter().any(|d| crate::names::BASE_URL_VARS.contains(&d.as_str()));
    if base_url_set {
        out.findings.retain(|f| {
            !(f.rule.rule() == crate::ruledoc::RuleId::WrongKeyVar
                && f.message.contains(crate::rules::wrong_key_var::NO_BASE_URL))
        });
    }
    // rule levels from the configuration
    out.findings.retain_mut(|f| match config.level(f.rule) {
        Some(sev) => {
            // a level the configuration sets wins; the rule's default keeps what the rule chose
            if sev != f.rule.severity {
                f.severity = sev;
            }
            true
        }
        None => false,
    });
    if let Some(b) = baseline {
        let before = out.findings.len();
        out.findings = b.filter(std::mem::take(&mut out.findings));
        out.baselined = before - out.findings.len();
    }
    out.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}
