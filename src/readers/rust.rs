//! Rust, parsed with `syn`: string literals with the const, static, `let`, field or argument they
//! belong to. A file that does not parse is read with the token reader instead.

use super::lexer::Syntax;
use crate::facts::{names_xai_host, Facts, Literal, Role};
use crate::source::LineIndex;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Deeper nesting than this is read with the token reader: syn parses recursively, and a
/// hostile file must not overflow the stack.
const MAX_NESTING: usize = 96;

fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' | b'<' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

pub fn read(text: &str) -> Facts {
    if nesting(text) > MAX_NESTING {
        return super::code::read(text, Syntax::RUST);
    }
    let facts = match syn::parse_file(text) {
        Ok(file) => {
            let mut v = Visitor {
                text,
                lines: LineIndex::new(text),
                facts: Facts::default(),
                ctx: Vec::new(),
                next_call: 0,
                in_test: 0,
                env_arg: None,
                dynamic_env: false,
                record_calls: names_xai_host(text),
            };
            v.visit_file(&file);
            // `const KEY_VAR: &str = "XAI_API_KEY"; env::var(KEY_VAR)`: the names written as
            // values are what the file reads
            if v.dynamic_env {
                super::lang::names_through_values(&mut v.facts);
            }
            v.facts
        }
        Err(_) => super::code::read(text, Syntax::RUST),
    };
    // syn's span bookkeeping keeps every parsed file's text per thread; release it
    proc_macro2::extra::invalidate_current_thread_spans();
    facts
}

#[derive(Clone)]
struct Ctx {
    role: Role,
    target: Option<String>,
    callee: Option<String>,
    call: Option<u32>,
}

struct Visitor<'a> {
    text: &'a str,
    lines: LineIndex,
    facts: Facts,
    ctx: Vec<Ctx>,
    next_call: u32,
    /// Depth of `#[cfg(test)]` modules and `#[test]` functions around the current node.
    in_test: u32,
    /// The next string literal names an environment variable: read (true) or defined (false).
    env_arg: Option<bool>,
    /// An environment read whose name is not a literal (a constant or a variable).
    dynamic_env: bool,
    /// Whether calls are recorded (only in files that name the xAI host).
    record_calls: bool,
}

/// `#[test]`, `#[cfg(test)]`, `#[tokio::test]` and the like.
fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let p = a.path();
        if p.segments.last().is_some_and(|s| s.ident == "test") {
            return true;
        }
        p.is_ident("cfg")
            && a.meta.require_list().is_ok_and(|l| {
                l.tokens.to_string().split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "test")
            })
    })
}

const COMPARE: &[&str] = &[
    "assert_eq",
    "assert_ne",
    "debug_assert_eq",
    "starts_with",
    "ends_with",
    "contains",
    "strip_prefix",
    "strip_suffix",
    "find",
    "matches",
    "new",
    "eq",
    "ne",
    "split",
    "replace",
    "trim_start_matches",
];
const TEXT: &[&str] = &[
    "println",
    "print",
    "eprintln",
    "eprint",
    "format",
    "panic",
    "write",
    "writeln",
    "info",
    "warn",
    "error",
    "debug",
    "trace",
    "bail",
    "anyhow",
    "expect",
    "unimplemented",
    "todo",
    "unreachable",
    "assert",
    "context",
    "with_context",
    "about",
    "help",
    "long_help",
];
const PASS: &[&str] = &[
    "Some",
    "Ok",
    "from",
    "to_string",
    "to_owned",
    "into",
    "String::from",
    "as_str",
    "Box::new",
    "Cow::Borrowed",
    "unwrap_or",
    "unwrap_or_else",
];

impl<'a> Visitor<'a> {
    fn with<F: FnOnce(&mut Self)>(&mut self, c: Ctx, f: F) {
        self.ctx.push(c);
        f(self);
        self.ctx.pop();
    }

    fn assign(&self, target: Option<String>) -> Ctx {
        let role = match &target {
            Some(t) if crate::names::is_text_name(t) => Role::Text,
            _ => Role::Assign,
        };
        Ctx { role, target, callee: None, call: None }
    }

    fn offset(&self, lc: proc_macro2::LineColumn) -> usize {
        let start = self.lines.line_start(lc.line);
        let line = &self.text[start..];
        start + line.char_indices().nth(lc.column).map_or(line.len(), |(b, _)| b)
    }

    fn call_ctx(&mut self, callee: String, span: std::ops::Range<usize>) -> Ctx {
        let last = crate::names::last_segment(&callee).to_string();
        let id = self.next_call;
        self.next_call += 1;
        // (calls matter to the rules only in files that talk to xAI: a host, a key sent)
        if self.record_calls {
            let parent = self.ctx.last().and_then(|c| c.call);
            self.facts.calls.push(crate::facts::Call { id, parent, callee: callee.clone(), kwargs: Vec::new(), span });
        }
        let role = if COMPARE.contains(&last.as_str()) {
            Role::Compare
        } else if TEXT.contains(&last.as_str()) {
            Role::Text
        } else {
            Role::Argument
        };
        Ctx { role, target: None, callee: Some(callee), call: Some(id) }
    }

    fn args<'e>(&mut self, callee: String, span: proc_macro2::Span, args: impl Iterator<Item = &'e syn::Expr>) {
        let last = crate::names::last_segment(&callee).to_string();
        if PASS.contains(&last.as_str()) || PASS.contains(&callee.as_str()) {
            for a in args {
                self.visit_expr(a);
            }
            return;
        }
        let span = self.offset(span.start())..self.offset(span.end());
        let c = self.call_ctx(callee.clone(), span);
        let args: Vec<&syn::Expr> = args.collect();
        // `set_var("NAME", "value")`, `var("NAME").unwrap_or("fallback")`
        let env_name = match (last.as_str(), args.first()) {
            ("set_var" | "set" | "insert", Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }))) => {
                Some(s.value())
            }
            _ => None,
        };
        // `std::env::var("X")`, `env::var_os`, `dotenvy::var`, `env!("X")`; `set_var("X", …)`
        let env_kind = if callee.ends_with("env::var")
            || callee.ends_with("env::var_os")
            || matches!(callee.as_str(), "dotenvy::var" | "dotenv::var" | "env" | "option_env")
        {
            Some(true)
        } else if last == "set_var" {
            Some(false)
        } else {
            None
        };
        if env_kind == Some(true)
            && args.first().is_some_and(|a| matches!(a, syn::Expr::Path(_) | syn::Expr::Reference(_)))
        {
            self.dynamic_env = true;
        }
        for (k, a) in args.iter().enumerate() {
            let mut ctx = c.clone();
            if k == 1 && env_name.is_some() {
                ctx.role = Role::Assign;
                ctx.target = env_name.clone();
            }
            self.env_arg = if k == 0 { env_kind } else { None };
            self.with(ctx, |s| s.visit_expr(a));
            self.env_arg = None;
        }
    }
}

fn path_string(p: &syn::Path) -> String {
    p.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")
}

fn expr_name(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Expr::Field(f) => match &f.member {
            syn::Member::Named(i) => Some(i.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        syn::Expr::Index(i) => match &*i.index {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

fn pat_name(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::Type(t) => pat_name(&t.pat),
        _ => None,
    }
}

impl<'a, 'ast> Visit<'ast> for Visitor<'a> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let test = is_test_attr(&m.attrs);
        self.in_test += u32::from(test);
        visit::visit_item_mod(self, m);
        self.in_test -= u32::from(test);
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let test = is_test_attr(&f.attrs);
        self.in_test += u32::from(test);
        visit::visit_item_fn(self, f);
        self.in_test -= u32::from(test);
    }
    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        let c = self.assign(Some(i.ident.to_string()));
        self.with(c, |s| s.visit_expr(&i.expr));
    }
    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        let c = self.assign(Some(i.ident.to_string()));
        self.with(c, |s| s.visit_expr(&i.expr));
    }
    fn visit_impl_item_const(&mut self, i: &'ast syn::ImplItemConst) {
        let c = self.assign(Some(i.ident.to_string()));
        self.with(c, |s| s.visit_expr(&i.expr));
    }
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            let c = self.assign(pat_name(&l.pat));
            self.with(c, |s| {
                s.visit_expr(&init.expr);
                if let Some((_, e)) = &init.diverge {
                    s.visit_expr(e);
                }
            });
        }
    }
    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        let c = self.assign(expr_name(&a.left));
        self.with(c, |s| s.visit_expr(&a.right));
    }
    fn visit_field_value(&mut self, f: &'ast syn::FieldValue) {
        let name = match &f.member {
            syn::Member::Named(i) => Some(i.to_string()),
            syn::Member::Unnamed(_) => None,
        };
        let c = self.assign(name);
        self.with(c, |s| s.visit_expr(&f.expr));
    }
    fn visit_expr_binary(&mut self, b: &'ast syn::ExprBinary) {
        if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) {
            let c = Ctx { role: Role::Compare, target: None, callee: None, call: None };
            self.with(c, |s| {
                s.visit_expr(&b.left);
                s.visit_expr(&b.right);
            });
        } else {
            visit::visit_expr_binary(self, b);
        }
    }
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        let callee = match &*c.func {
            syn::Expr::Path(p) => path_string(&p.path),
            _ => String::new(),
        };
        self.args(callee, c.func.span(), c.args.iter());
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        if PASS.contains(&method.as_str()) {
            self.visit_expr(&m.receiver);
        } else {
            // (the receiver's value flows to the call around it: `f(env::var("X").unwrap())`)
            let around = self.ctx.last().and_then(|c| c.call);
            let c = Ctx { role: Role::Other, target: None, callee: None, call: around };
            if COMPARE.contains(&method.as_str()) {
                // `"xai-".starts_with(…)`-style guards: the receiver is compared too
                let cmp = Ctx { role: Role::Compare, ..c.clone() };
                self.with(cmp, |s| s.visit_expr(&m.receiver));
            } else {
                self.with(c, |s| s.visit_expr(&m.receiver));
            }
        }
        self.args(method, m.method.span(), m.args.iter());
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = m.parse_body_with(parser) {
            let args: Vec<syn::Expr> = args.into_iter().collect();
            self.args(name, m.path.span(), args.iter());
        }
    }
    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        self.visit_expr(&m.expr);
        for arm in &m.arms {
            let c = Ctx { role: Role::Compare, target: None, callee: None, call: None };
            self.with(c, |s| s.visit_pat(&arm.pat));
            if let Some((_, g)) = &arm.guard {
                s_visit(self, g);
            }
            self.visit_expr(&arm.body);
        }
    }
    fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
        let ctx = self.ctx.last().cloned().unwrap_or(Ctx { role: Role::Other, target: None, callee: None, call: None });
        let span = l.span();
        let start = self.offset(span.start());
        let end = self.offset(span.end()).max(start);
        let tok = &self.text[start..end];
        // contents between the first and last quote (raw strings carry `r#` before the quote)
        let (s, e) = match (tok.find('"'), tok.rfind('"')) {
            (Some(a), Some(b)) if b > a => (start + a + 1, start + b),
            _ => (start, end),
        };
        let value = l.value();
        if names_xai_host(&value) {
            if let Some(c) = ctx.call {
                self.facts.xai_calls.push(c);
            }
        }
        match self.env_arg.take() {
            Some(true) => {
                self.facts.read(&value, s..e);
                // the value goes to the call around the read (`.with_api_key(env::var("X")…)`)
                let around = ctx.call.and_then(|id| self.facts.call(id)).and_then(|c| c.parent);
                if let Some(r) = self.facts.env_reads.last_mut() {
                    r.call = around;
                }
            }
            Some(false) => self.facts.def(&value, s..e),
            None => {}
        }
        self.facts.push(Literal {
            span: s..e,
            value,
            target: ctx.target,
            role: ctx.role,
            callee: ctx.callee,
            call: ctx.call,
            keyed: false,
            in_test: self.in_test > 0,
        });
    }
}

fn s_visit(v: &mut Visitor<'_>, e: &syn::Expr) {
    v.visit_expr(e);
}

#[cfg(test)]
mod tests {
    #[test]
    fn env_reads() {
        let f =
            super::read("fn main() {\n    let _k = std::env::var(\"XAI_API_KYE\");\n    let v = env!(\"B_KEY\");\n}\n");
        let names: Vec<&str> = f.env_reads.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["XAI_API_KYE", "B_KEY"]);
    }
}
