//! Embeds every rule file of `rules/` in the binary and generates the typed rule registry from
//! them: the rule files are the single source of each rule's id, name, scope, help text,
//! `explain` page and SARIF metadata. A rule named in code is a `RuleId` variant, so a misspelt
//! rule does not compile.
use std::{env, fs, path::Path};

struct Head {
    id: String,
    name: String,
    scope: String,
}

fn camel(name: &str) -> String {
    name.split('-').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // read at run time: a build script compiled for one checkout may be reused by another one
    // that shares the target folder (the pre-commit hooks' builds in .ci/integration.sh do)
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("rules/ exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    let mut heads = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f.file_name().unwrap().to_string_lossy(),
            f.display().to_string()
        ));
        let text = fs::read_to_string(f).expect("readable rule file");
        // only the head is read here; the whole file is checked when the binary loads it (and
        // by the tests)
        let head: Head = toml::from_str::<toml::Table>(&text)
            .ok()
            .and_then(|t| {
                Some(Head {
                    id: t.get("id")?.as_str()?.to_string(),
                    name: t.get("name")?.as_str()?.to_string(),
                    scope: t.get("scope")?.as_str()?.to_string(),
                })
            })
            .unwrap_or_else(|| panic!("{}: id, name and scope are required", f.display()));
        assert!(
            matches!(head.scope.as_str(), "file" | "project"),
            "{}: scope must be \"file\" or \"project\"",
            f.display()
        );
        heads.push(head);
    }
    out.push_str("];\n\n");
    heads.sort_by(|a, b| a.id.cmp(&b.id));
    out.push_str("/// Every rule, one variant each, in id order (generated from `rules/*.toml`).\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum RuleId {\n");
    for h in &heads {
        out.push_str(&format!("    /// `{}` ({})\n    {},\n", h.name, h.id, camel(&h.name)));
    }
    out.push_str("}\n\nimpl RuleId {\n    pub const ALL: &'static [RuleId] = &[");
    for h in &heads {
        out.push_str(&format!("RuleId::{}, ", camel(&h.name)));
    }
    out.push_str("];\n\n    /// The rule's name (`hardcoded-key`).\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for h in &heads {
        out.push_str(&format!("            RuleId::{} => {:?},\n", camel(&h.name), h.name));
    }
    out.push_str("        }\n    }\n\n    /// The rule's code (`XAI001`).\n    pub fn code(self) -> &'static str {\n        match self {\n");
    for h in &heads {
        out.push_str(&format!("            RuleId::{} => {:?},\n", camel(&h.name), h.id));
    }
    out.push_str("        }\n    }\n\n    /// Where the rule runs: on each file, or over the whole project.\n    pub fn scope(self) -> Scope {\n        match self {\n");
    for h in &heads {
        let scope = if h.scope == "file" { "Scope::File" } else { "Scope::Project" };
        out.push_str(&format!("            RuleId::{} => {scope},\n", camel(&h.name)));
    }
    out.push_str("        }\n    }\n}\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("rule_files.rs"), out).unwrap();
}
