//! `xai-lint verify` against a server on 127.0.0.1 that this test starts and that answers like
//! the xAI API for each case; the key never appears in the output.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the fake API answers for a key: (status, body); None = never answer.
fn answer(key: &str) -> Option<(u16, String)> {
    let k = |n: u64| synthetic_key(n);
    let info = |acls: &str, blocked: bool, disabled: bool, team: bool| {
        format!(
            r#"{{"redacted_api_key":"xai-...{}","user_id":"u1","name":"ci key","acls":[{acls}],"api_key_id":"k1","team_id":"t1","api_key_blocked":{blocked},"api_key_disabled":{disabled},"team_blocked":{team}}}"#,
            &key[key.len() - 4..]
        )
    };
    Some(if key == k(1) {
        (200, info(r#""api-key:endpoint:*","api-key:model:*""#, false, false, false))
    } else if key == k(2) {
        (200, info(r#""api-key:endpoint:chat","api-key:model:grok-4""#, false, false, false))
    } else if key == k(3) {
        (
            400,
            format!(
                r#"{{"code":"Client specified an invalid argument","error":"Incorrect API key provided: {}***{}. You can obtain an API key from https://console.x.ai."}}"#,
                &key[..2],
                &key[key.len() - 2..]
            ),
        )
    } else if key == k(4) {
        (200, info(r#""api-key:endpoint:*","api-key:model:*""#, true, false, false))
    } else if key == k(5) {
        (200, info(r#""api-key:endpoint:*","api-key:model:*""#, false, false, true))
    } else if key == k(6) {
        (403, r#"{"code":"The caller does not have permission to execute the specified operation","error":"Your newly created team doesn't have any credits yet. You can purchase credits on https://console.x.ai."}"#.into())
    } else if key == k(7) {
        (500, format!(r#"{{"error":"internal error while checking {key}"}}"#))
    } else if key == k(8) {
        return None;
    } else if key == k(9) {
        (200, info(r#""api-key:endpoint:*","api-key:model:*""#, false, true, false))
    } else {
        (401, r#"{"error":"Missing or invalid Authorization header"}"#.into())
    })
}

/// Serves until the test ends; returns the base URL.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut auth = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) =
                        line.strip_prefix("Authorization: ").or_else(|| line.strip_prefix("authorization: "))
                    {
                        auth = v.trim().to_string();
                    }
                }
                let key = auth.strip_prefix("Bearer ").unwrap_or("");
                match answer(key) {
                    Some((status, body)) => {
                        let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                    }
                    None => std::thread::sleep(Duration::from_secs(5)),
                }
            });
        }
    });
    format!("http://{addr}")
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ[\"XAI_API_KEY\"], base_url=\"https://api.x.ai/v1\")\n\
         r = client.chat.completions.create(model=\"grok-4\", messages=[])\nimg = client.images.generate(model=\"grok-2-image\", prompt=\"cat\")\n",
    )
    .unwrap();
    dir
}

fn verify(
    base: &str,
    dir: &std::path::Path,
    key: Option<&str>,
    extra: &[&str],
) -> (Option<i32>, serde_json::Value, String) {
    let mut cmd = Command::new(bin());
    cmd.args(["verify", "--format", "json", "--api-base", base, "--timeout", "2"])
        .args(extra)
        .current_dir(dir)
        .env_remove("XAI_API_KEY");
    if let Some(k) = key {
        cmd.env("XAI_API_KEY", k);
    }
    let out = cmd.output().unwrap();
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(whole_keys(&all).is_empty(), "verify printed a whole key: {all}");
    if let Some(k) = key.filter(|k| k.len() > 40) {
        assert!(!all.contains(&k[4..40]), "verify printed part of the key body");
    }
    let v = serde_json::from_str(&stdout(&out)).unwrap_or(serde_json::Value::Null);
    (out.status.code(), v, all)
}

#[test]
fn verdicts_for_each_answer() {
    let base = server();
    let dir = project();
    let p = dir.path();
    // full ACLs: valid, covers everything
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(1)), &[]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["valid"], true);
    assert_eq!(v["missing"].as_array().unwrap().len(), 0);
    // chat + grok-4 only: the image endpoint and the image model are missing, with where
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(2)), &[]);
    assert_eq!(code, Some(1), "{v}");
    let missing: Vec<(String, String, u64)> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_string(),
                m["name"].as_str().unwrap().to_string(),
                m["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(missing, vec![("endpoint".into(), "image".into(), 5), ("model".into(), "grok-2-image".into(), 5)]);
    assert_eq!(v["acls"], serde_json::json!(["api-key:endpoint:chat", "api-key:model:grok-4"]));
    // incorrect key: 400
    let (code, v, all) = verify(&base, p, Some(&synthetic_key(3)), &[]);
    assert_eq!((code, v["valid"].clone()), (Some(1), serde_json::json!(false)), "{all}");
    assert!(v["message"].as_str().unwrap().contains("400"));
    // blocked key, blocked team, disabled key
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(4)), &[]);
    assert_eq!((code, v["blocked"].clone()), (Some(1), serde_json::json!(true)));
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(5)), &[]);
    assert_eq!((code, v["team_blocked"].clone()), (Some(1), serde_json::json!(true)));
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(9)), &[]);
    assert_eq!((code, v["disabled"].clone()), (Some(1), serde_json::json!(true)));
    // a 403 for credits is billing, and says so
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(6)), &[]);
    assert_eq!(code, Some(1));
    assert!(v["message"].as_str().unwrap().contains("not a permission problem"), "{v}");
    // a 500: could not tell, and the key echoed by the server is not printed
    let (code, v, _) = verify(&base, p, Some(&synthetic_key(7)), &[]);
    assert_eq!(code, Some(2), "{v}");
    // no header / a key the server does not know as such: 401
    let (code, v, _) = verify(&base, p, Some("not-a-key"), &[]);
    assert_eq!((code, v["valid"].clone()), (Some(1), serde_json::json!(false)));
    assert!(v["message"].as_str().unwrap().contains("401"));
}

#[test]
fn never_hangs_and_fails_clearly_without_a_server_or_a_key() {
    let base = server();
    let dir = project();
    let start = Instant::now();
    let (code, v, _) = verify(&base, dir.path(), Some(&synthetic_key(8)), &[]);
    assert_eq!(code, Some(2), "{v}");
    assert!(start.elapsed() < Duration::from_secs(10), "verify waited {:?}", start.elapsed());
    // nothing listening
    let (code, v, _) = verify("http://127.0.0.1:9", dir.path(), Some(&synthetic_key(1)), &[]);
    assert_eq!(code, Some(2));
    assert!(v["message"].as_str().unwrap().contains("could not reach"));
    // no key in the environment
    let (code, _, all) = verify(&base, dir.path(), None, &[]);
    assert_eq!(code, Some(2));
    assert!(all.contains("XAI_API_KEY is not set"), "{all}");
}

#[test]
fn key_from_stdin_or_a_named_variable() {
    let base = server();
    let dir = project();
    let mut child = Command::new(bin())
        .args(["verify", "--format", "json", "--key-stdin", "--api-base", &base])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{}\n", synthetic_key(1)).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(whole_keys(&stdout(&out)).is_empty());
    let out = Command::new(bin())
        .args(["verify", "--format", "json", "--key-env", "GROK_KEY", "--api-base", &base])
        .current_dir(dir.path())
        .env("GROK_KEY", synthetic_key(2))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("\"key_source\": \"GROK_KEY\""));
}

/// `check --verify`: each leaked key is asked about once and marked live, inactive or unknown in
/// every format; live ones come first; `--fail-on live` fails only on them; no key is printed.
#[test]
fn check_verify_marks_each_leaked_key() {
    let base = server();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a_dead.py"), format!("K = \"{}\"\n", synthetic_key(3))).unwrap();
    std::fs::write(d.join("b_flaky.py"), format!("K = \"{}\"\n", synthetic_key(7))).unwrap();
    std::fs::write(d.join("c_live.py"), format!("K = \"{}\"\n", synthetic_key(1))).unwrap();
    std::fs::write(d.join("d_live_again.env"), format!("XAI_API_KEY={}\n", synthetic_key(1))).unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(bin())
            .args(["check", "--isolated", "--verify", "--api-base", &base])
            .args(extra)
            .arg(".")
            .current_dir(d)
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(whole_keys(&all).is_empty(), "check --verify printed a whole key: {all}");
        for n in [1, 3, 7] {
            assert!(!all.contains(&synthetic_key(n)[4..40]), "part of a key body was printed");
        }
        (out.status.code(), stdout(&out))
    };
    let (code, text) = run(&["--format", "json"]);
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["live"].as_str().unwrap_or("-").to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("c_live.py".to_string(), "live".to_string()),
            ("d_live_again.env".to_string(), "live".to_string()),
            ("a_dead.py".to_string(), "inactive".to_string()),
            ("b_flaky.py".to_string(), "unknown".to_string()),
        ],
        "live leaks first, each key marked"
    );
    let (_, sarif) = run(&["--format", "sarif"]);
    assert!(sarif.contains("\"live\": \"live\""), "{sarif}");
    let (_, human) = run(&["--format", "concise"]);
    assert!(human.lines().next().unwrap().contains("LIVE"), "{human}");
    // only live keys fail the run with --fail-on live
    assert_eq!(run(&["--fail-on", "live", "--format", "json"]).0, Some(1));
    std::fs::remove_file(d.join("c_live.py")).unwrap();
    std::fs::remove_file(d.join("d_live_again.env")).unwrap();
    assert_eq!(run(&["--fail-on", "live", "--format", "json"]).0, Some(0));
}
