//! What a format reader extracts from a file: string values with where they sit and what they
//! are assigned to. Rules look at facts, never at raw syntax.

use std::ops::Range;

/// How a value is used where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Assigned to a variable, a field, an object or config key, or passed as a keyword argument.
    Assign,
    /// A positional argument of a call.
    Argument,
    /// Compared against, or used as a pattern (`==`, `startswith`, `includes`): guard code.
    Compare,
    /// Text meant for a person: UI placeholder or label, printed usage, help.
    Text,
    /// Anything else (a bare expression, a list element, a return value).
    Other,
}

/// A string value in a file (a quoted literal in code, a value in config).
#[derive(Debug, Clone)]
pub struct Literal {
    /// Byte span of the value in the file, without its quotes.
    pub span: Range<usize>,
    /// The value with escapes decoded.
    pub value: String,
    /// The name it is assigned to: variable, field, keyword argument, object/dotenv/YAML key.
    pub target: Option<String>,
    pub role: Role,
    /// The function or method it is an argument of, if any (its last name segment).
    pub callee: Option<String>,
    /// Identifies the innermost call it is an argument of, within the file.
    pub call: Option<u32>,
    /// The target is a key of an object or dict literal in code (`{"name": value}`): such
    /// literals are often mappings of names, not settings.
    pub keyed: bool,
    /// Inside test code of a non-test file (a `#[cfg(test)]` module, a `#[test]` function).
    pub in_test: bool,
}

/// A use of an environment variable name: a read in code, or a definition in config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvRef {
    pub name: String,
    /// Span of the name in the file.
    pub span: Range<usize>,
    /// For reads: the call the value is handed to (`OpenAI(api_key=os.environ["X"])`).
    pub call: Option<u32>,
    /// For reads: the keyword argument or field it is passed as (`api_key`, `apiKey`).
    pub kwarg: Option<String>,
}

/// A call (or struct literal) in code, with the names of its keyword arguments / fields.
#[derive(Debug, Clone, Default)]
pub struct Call {
    pub id: u32,
    /// The call this one is an argument of, if any.
    pub parent: Option<u32>,
    pub callee: String,
    pub kwargs: Vec<String>,
    /// Span of the callee name.
    pub span: Range<usize>,
}

impl Literal {
    /// A value assigned to a name in config (a dotenv, YAML or TOML key, an `ENV`), outside
    /// any call.
    pub fn config(span: Range<usize>, value: String, target: Option<String>, role: Role) -> Literal {
        Literal { span, value, target, role, callee: None, call: None, keyed: false, in_test: false }
    }
}

/// The `kwarg` of a definition that only names the variable in prose (a README telling users
/// to set it), not an assignment.
pub const MENTIONED: &str = "<mentioned>";

/// The `kwarg` of a GitHub Actions secret used directly in a step (`${{ secrets.X }}` in `run:`
/// or `with:`): read like a variable, but named in the repository's settings, not in a file.
pub const SECRET: &str = "<secret>";

/// The `kwarg` of a read of a dotted configuration path (Laravel `config('services.xai.key')`):
/// defined by the configuration files, not by the environment.
pub const CONFIG_PATH: &str = "<config>";

/// The `kwarg` of a read whose name is a value the code reads through a variable or a table
/// (`NAMES = [...]; os.environ[n]`): such lists are also deny-lists, so only the names count.
pub const THROUGH: &str = "<through>";

/// The name of the definition a compose `env_file:` gives: the service gets every name of an
/// env file, so what it passes is not only what its `environment:` lists.
pub const ENV_FILE: &str = "<env_file:KEY>";

/// The definition a Flutter `pubspec.yaml` makes when it bundles a `.env` file as an asset
/// (`flutter_dotenv`): every value of that file ships inside the app package.
pub const BUNDLED_ENV: &str = "<bundled-asset:.env:KEY>";

/// The `callee` of a literal that is the default of an environment reference
/// (`${XAI_API_KEY:default}`): the value used when the variable is unset.
pub const DEFAULT_OF: &str = "<default>";

/// The `callee` of a literal whose value a reader decoded from base64 (Kubernetes Secret `data`).
pub const DECODED_BASE64: &str = "<base64>";

/// Decodes standard base64 (padding optional); None if it is not base64.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().trim_end_matches('=');
    if s.is_empty() || s.len() % 4 == 1 {
        return None;
    }
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        acc = (acc << 6) | u32::from(val(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[derive(Debug, Default, Clone)]
pub struct Facts {
    pub literals: Vec<Literal>,
    /// Calls (by id) that have an argument naming the xAI API host.
    pub xai_calls: Vec<u32>,
    /// Environment variables read (`os.environ["X"]`, `process.env.X`, `$X`).
    pub env_reads: Vec<EnvRef>,
    /// Environment variables defined (`.env`, compose `environment:`, `ENV`, `export X=`).
    pub env_defs: Vec<EnvRef>,
    pub calls: Vec<Call>,
}

impl Facts {
    pub fn push(&mut self, lit: Literal) {
        self.literals.push(lit);
    }

    pub fn in_xai_call(&self, lit: &Literal) -> bool {
        lit.call.is_some_and(|c| self.xai_calls.contains(&c))
    }

    /// Shift every span by `offset` (facts of an embedded block, such as a Markdown fence).
    pub fn shifted(mut self, offset: usize, call_base: u32) -> Self {
        for l in &mut self.literals {
            l.span = l.span.start + offset..l.span.end + offset;
            l.call = l.call.map(|c| c + call_base);
        }
        for c in &mut self.xai_calls {
            *c += call_base;
        }
        for e in self.env_reads.iter_mut().chain(self.env_defs.iter_mut()) {
            e.span = e.span.start + offset..e.span.end + offset;
            e.call = e.call.map(|c| c + call_base);
        }
        for c in &mut self.calls {
            c.id += call_base;
            c.parent = c.parent.map(|p| p + call_base);
            c.span = c.span.start + offset..c.span.end + offset;
        }
        self
    }

    /// Applies `f` to every span (for embedded blocks whose offsets do not map linearly).
    pub fn map_spans(&mut self, f: impl Fn(usize) -> usize, call_base: u32) {
        for l in &mut self.literals {
            l.span = f(l.span.start)..f(l.span.end);
            l.call = l.call.map(|c| c + call_base);
        }
        for c in &mut self.xai_calls {
            *c += call_base;
        }
        for e in self.env_reads.iter_mut().chain(self.env_defs.iter_mut()) {
            e.span = f(e.span.start)..f(e.span.end);
            e.call = e.call.map(|c| c + call_base);
        }
        for c in &mut self.calls {
            c.id += call_base;
            c.parent = c.parent.map(|p| p + call_base);
            c.span = f(c.span.start)..f(c.span.end);
        }
    }

    pub fn read(&mut self, name: &str, span: Range<usize>) {
        self.env_reads.push(EnvRef { name: name.to_string(), span, call: None, kwarg: None });
    }

    pub fn def(&mut self, name: &str, span: Range<usize>) {
        self.env_defs.push(EnvRef { name: name.to_string(), span, call: None, kwarg: None });
    }

    /// The call with this id (calls are kept in id order).
    pub fn call(&self, id: u32) -> Option<&Call> {
        match self.calls.binary_search_by_key(&id, |c| c.id) {
            Ok(k) => Some(&self.calls[k]),
            Err(_) => self.calls.iter().find(|c| c.id == id),
        }
    }

    /// Whether a call, or the call it is an argument of, is aimed at the xAI API: a host string
    /// among its arguments or its sibling arguments (`NewClient(WithAPIKey(k), WithBaseURL(u))`).
    pub fn call_is_xai(&self, id: u32) -> bool {
        let parent = self.call(id).and_then(|c| c.parent);
        self.xai_calls
            .iter()
            .any(|x| *x == id || Some(*x) == parent || self.call(*x).and_then(|c| c.parent) == Some(id))
            || parent.is_some_and(|p| self.xai_calls.iter().any(|x| self.call(*x).and_then(|c| c.parent) == Some(p)))
            || self.same_client(id)
    }

    /// The calls enclosing `id`, innermost first, itself included (a few levels up).
    fn ancestors(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(id), move |c| self.call(*c).and_then(|c| c.parent)).take(5)
    }

    /// Whether a host string sits anywhere inside the client constructor that encloses `id`
    /// (`new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new
    /// Uri(xai) })`: the key and the host are arguments of arguments).
    fn same_client(&self, id: u32) -> bool {
        let client = self.ancestors(id).find(|a| {
            self.call(*a).is_some_and(|c| {
                let last = crate::names::last_segment(&c.callee);
                crate::names::is_client_constructor(last) && !last.to_ascii_lowercase().ends_with("credential")
            })
        });
        client.is_some_and(|c| self.xai_calls.iter().any(|x| self.ancestors(*x).any(|a| a == c)))
    }

    pub fn extend(&mut self, other: Facts) {
        self.literals.extend(other.literals);
        self.xai_calls.extend(other.xai_calls);
        self.env_reads.extend(other.env_reads);
        self.env_defs.extend(other.env_defs);
        self.calls.extend(other.calls);
    }

    /// A call id above every id in use, to number the calls of an embedded block apart.
    pub fn max_call(&self) -> u32 {
        let lit = self.literals.iter().filter_map(|l| l.call).max();
        let call = self.calls.iter().map(|c| c.id).max();
        lit.max(call).map_or(0, |c| c + 1)
    }
}

/// Whether a string names the xAI inference or management API host.
pub fn names_xai_host(s: &str) -> bool {
    // (management-api.x.ai contains it too)
    static F: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    F.get_or_init(|| memchr::memmem::Finder::new("api.x.ai")).find(s.as_bytes()).is_some()
}
