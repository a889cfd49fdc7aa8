//! Tests of the code reader (kept apart to keep code.rs short).

mod literals {
    use super::super::*;

    fn lits(text: &str, syn: Syntax) -> Vec<(String, Role, Option<String>)> {
        read(text, syn).literals.into_iter().map(|l| (l.value, l.role, l.target)).collect()
    }

    #[test]
    fn python_contexts() {
        let l = lits(
            "KEY = 'xai-a'\nc = Client(api_key='xai-b', base_url='https://api.x.ai/v1')\nif k == 'xai-c': pass\n\
             os.environ['XAI_API_KEY'] = 'xai-d'\nx = os.getenv('XAI_API_KEY', 'xai-e')\nprint('xai-f')\n\
             k.startswith('xai-g')\nT: str = 'xai-h'\nplain = 'not kept'\n",
            Syntax::PYTHON,
        );
        let get = |v: &str| l.iter().find(|x| x.0 == v).unwrap().clone();
        assert_eq!(get("xai-a"), ("xai-a".into(), Role::Assign, Some("KEY".into())));
        assert_eq!(get("xai-b").2.as_deref(), Some("api_key"));
        assert_eq!(get("xai-c").1, Role::Compare);
        assert_eq!(get("xai-d").2.as_deref(), Some("XAI_API_KEY"));
        assert_eq!(get("xai-e").2.as_deref(), Some("XAI_API_KEY"));
        assert_eq!(get("xai-f").1, Role::Text);
        assert_eq!(get("xai-g").1, Role::Compare);
        assert_eq!(get("xai-h").2.as_deref(), Some("T"));
        // a value no rule can care about is not kept
        assert!(!l.iter().any(|x| x.0 == "not kept"));
    }

    #[test]
    fn js_contexts() {
        let f = read(
            "const c = new OpenAI({ apiKey: 'a', baseURL: 'https://api.x.ai/v1' });\n<input placeholder=\"xai-b\" />",
            Syntax::JS,
        );
        let a = &f.literals[0];
        assert_eq!(a.target.as_deref(), Some("apiKey"));
        assert!(f.in_xai_call(a));
        assert_eq!(f.literals[2].role, Role::Text);
    }
}

mod env_tests {
    use super::super::*;

    fn names(v: &[EnvRef]) -> Vec<(String, Option<String>)> {
        v.iter().map(|e| (e.name.clone(), e.kwarg.clone())).collect()
    }

    #[test]
    fn python_reads_and_defs() {
        let f = read(
            "import os\nc = OpenAI(api_key=os.environ['OPENAI_API_KEY'], base_url='https://api.x.ai/v1')\n\
             k = os.getenv('XAI_API_KEY', '')\nos.environ['GROK_API_KEY'] = 'x'\nmonkeypatch.setenv('XAI_KEY', 'y')\n\
             s = st.secrets['XAI_API_KEY']\n",
            Syntax::PYTHON,
        );
        assert_eq!(
            names(&f.env_reads),
            vec![
                ("OPENAI_API_KEY".into(), Some("api_key".into())),
                ("XAI_API_KEY".into(), None),
                ("XAI_API_KEY".into(), None)
            ]
        );
        let call = f.env_reads[0].call.unwrap();
        assert!(f.xai_calls.contains(&call));
        assert_eq!(f.call(call).unwrap().kwargs, vec!["api_key", "base_url"]);
        assert_eq!(names(&f.env_defs), vec![("GROK_API_KEY".into(), None), ("XAI_KEY".into(), None)]);
    }

    #[test]
    fn js_reads() {
        let f = read(
            "const c = new OpenAI({ apiKey: process.env.XAI_API_KEY, dangerouslyAllowBrowser: true });\n\
             const k = import.meta.env.VITE_XAI_API_KEY;\nconst { GROK_API_KEY, OTHER: o } = process.env;\nDeno.env.get('A_KEY');",
            Syntax::JS,
        );
        assert_eq!(
            names(&f.env_reads),
            vec![
                ("XAI_API_KEY".into(), Some("apiKey".into())),
                ("VITE_XAI_API_KEY".into(), None),
                ("GROK_API_KEY".into(), None),
                ("OTHER".into(), None),
                ("A_KEY".into(), None)
            ]
        );
        assert_eq!(f.calls[0].kwargs, vec!["apiKey", "dangerouslyAllowBrowser"]);
    }
}
