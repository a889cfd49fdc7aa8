//! Values judged where they are used: a definition whose value is a key the reading client
//! will be refused with (a management key, another vendor's key), reported at each read that
//! hands it to the xAI inference API, with the definition as related information. The
//! project-wide half of `wrong-key-type` and `malformed-key`.

use crate::finding::{Finding, Related};
use crate::output::{EnvFact, FileOutput, ValueKind};
use crate::ruledoc::RuleId;

fn runnable(out: &FileOutput) -> bool {
    out.class.is_some_and(|c| !c.docs && !c.template && !c.test)
}

fn check(outputs: &[FileOutput], rule: RuleId, wanted: fn(ValueKind) -> Option<String>) -> Vec<Finding> {
    let defs: Vec<(&FileOutput, &EnvFact, String)> = outputs
        .iter()
        // (a test's or a template's deliberately bad value is not what the app reads)
        .filter(|o| o.class.is_some_and(|c| !c.docs && !c.test && !c.template))
        .flat_map(|o| o.env.iter().filter(|e| !e.read).map(move |e| (o, e)))
        .filter_map(|(o, e)| e.value.and_then(wanted).map(|what| (o, e, what)))
        .collect();
    if defs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for o in outputs.iter().filter(|o| runnable(o)) {
        for r in o.env.iter().filter(|r| r.read && r.to_inference) {
            let Some((d_out, d, what)) = defs.iter().find(|(_, d, _)| d.name == r.name) else { continue };
            let detail = format!(
                "`{}` holds {what} where it is defined ({}:{}), and this code sends it to the xAI inference API",
                r.name, d_out.file, d.line
            );
            let related = vec![Related {
                file: d_out.file.clone(),
                line: d.line,
                column: d.column,
                message: format!("`{}` is defined here", d.name),
            }];
            out.push(super::env_finding(rule, &o.file, r, &detail, &[&r.name, "at-read"], related));
        }
    }
    out
}

/// `wrong-key-type`: a management key defined under the name a chat client reads.
pub fn management(outputs: &[FileOutput], _config: &crate::config::Config) -> Vec<Finding> {
    check(outputs, RuleId::WrongKeyType, |v| {
        (v == ValueKind::Management).then(|| "a management key (xai-token-…)".to_string())
    })
}

/// `malformed-key`: another vendor's key defined under the name a chat client reads.
pub fn vendor(outputs: &[FileOutput], _config: &crate::config::Config) -> Vec<Finding> {
    check(outputs, RuleId::MalformedKey, |v| match v {
        ValueKind::Vendor(what) => Some(what.to_string()),
        ValueKind::Management => None,
    })
}
