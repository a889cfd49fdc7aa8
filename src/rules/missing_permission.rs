//! missing-permission (project-wide, from the team's declared ACLs): a call whose endpoint or
//! model the ACLs declared for the key in the configuration do not cover. xAI answers it with
//! 403 Forbidden.

use crate::config::Config;
use crate::finding::Finding;
use crate::output::FileOutput;
use crate::usage::{allowed, Kind};

/// The key variable a file's calls use: one the file reads that has declared permissions, or
/// the only one declared.
fn key_var<'a>(out: &FileOutput, config: &'a Config) -> Option<(&'a String, &'a Vec<String>)> {
    if config.permissions.len() == 1 {
        return config.permissions.iter().next();
    }
    out.env.iter().filter(|e| e.read).find_map(|e| config.permissions.get_key_value(&e.name))
}

pub fn check(outputs: &[FileOutput], config: &Config) -> Vec<Finding> {
    if config.permissions.is_empty() {
        return Vec::new();
    }
    let doc = crate::ruledoc::RuleId::MissingPermission.doc();
    let mut findings = Vec::new();
    for out in outputs {
        let Some((var, acls)) = key_var(out, config) else { continue };
        for u in &out.usage {
            if allowed(acls, u.kind, &u.name) {
                continue;
            }
            let what = match u.kind {
                Kind::Endpoint => format!("the {} endpoint", u.name),
                Kind::Model => format!("the model `{}`", u.name),
            };
            let declared =
                if acls.is_empty() { "none".to_string() } else { crate::redact::redact_secrets(&acls.join(", ")) };
            let needed = match u.kind {
                Kind::Endpoint => {
                    format!("api-key:endpoint:{}", crate::usage::acl_endpoint(&u.name).unwrap_or(&u.name))
                }
                Kind::Model => format!("api-key:model:{}", u.name),
            };
            let message = format!(
                "the key in `{var}` may not use {what} (declared ACLs: {declared}; needs `{needed}`): {}",
                doc.message
            );
            let mut f = Finding::new(
                crate::ruledoc::RuleId::MissingPermission,
                &out.file,
                (u.line, u.column),
                (u.line, u.end_column),
                message,
                needed.clone(),
                &[&needed, var],
            );
            f.snippet = Some(u.snippet.clone());
            findings.push(f);
        }
    }
    findings
}
