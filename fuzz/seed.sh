#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the fixture trees (synthetic keys only). Run from fuzz/.
set -e
F=../fixtures
seed() { t=$1; shift; mkdir -p corpus/$t; for f in "$@"; do cp "$f" "corpus/$t/$(echo "$f" | sed 's|^\.\./fixtures/||; s|^\.\./|main_|; s|/tree/|_|; s|/|_|g')"; done; }
seed fuzz_dotenv $F/malformed-key/tree/.env $F/malformed-key/tree/quoted.env $F/malformed-key/tree/space.env $F/bad-input/tree/crlf.env $F/placeholder-key/tree/repeated.env $F/hardcoded-key-config/tree/.env.example $F/client-exposed-key/tree/.env.local
seed fuzz_yaml $F/hardcoded-key-config/tree/docker-compose.yml $F/hardcoded-key-config/tree/k8s/secret.yaml $F/env-mismatch-sdk/tree/.github/workflows/ci.yml $F/usage-inventory/tree/.github/workflows/smoke.yml $F/other-scanners/tree/rules/xai.yml $F/malformed-key-negatives/tree/k8s/deploy.yaml
seed fuzz_toml $F/hardcoded-key-config/tree/.streamlit/secrets.toml $F/placeholder-key/tree/.streamlit/secrets.toml $F/other-scanners/tree/gitleaks.toml ../Cargo.toml ../xai-lint.toml
seed fuzz_json $F/hardcoded-key-config/tree/config.json $F/malformed-key-negatives/tree/package.json $F/notebook/tree/analysis.ipynb
seed fuzz_markdown $F/hardcoded-key-config/tree/README.md $F/usage-inventory/tree/README.md $F/env-mismatch-docs/tree/README.md $F/other-scanners/tree/docs/keys.md $F/placeholder-key-negatives/tree/README.md
seed fuzz_python $F/hardcoded-key-code/tree/app.py $F/hardcoded-key-code/tree/pasted.py $F/usage-inventory/tree/app.py $F/malformed-key/tree/settings.py $F/wrong-key-var-negatives/tree/llm.py $F/bad-input/tree/bom.py $F/other-scanners/tree/detectors/xai.py $F/env-negatives/tree/tests/test_app.py
seed fuzz_js $F/hardcoded-key-code/tree/admin.ts $F/hardcoded-key-code/tree/comment.js $F/client-exposed-key/tree/app/page.tsx $F/client-exposed-key/tree/next.config.js $F/usage-inventory/tree/web/draw.ts $F/wrong-key-var/tree/js/client.ts $F/other-scanners/tree/detectors/xai.js
seed fuzz_go $F/hardcoded-key-code/tree/main.go $F/env-mismatch-typo/tree/cmd/main.go $F/usage-inventory/tree/svc/embed.go $F/wrong-key-var/tree/go/main.go $F/other-scanners/tree/detectors/xai.go
seed fuzz_rust $F/hardcoded-key-code/tree/src/lib.rs $F/hardcoded-key-code/tree/broken.rs $F/env-mismatch-typo/tree/src/main.rs $F/usage-inventory/tree/src/lib.rs $F/other-scanners/tree/src/redact.rs
seed fuzz_shell $F/hardcoded-key-config/tree/deploy.sh $F/wrong-key-type/tree/keys.sh $F/usage-inventory/tree/scripts/ping.sh $F/env-negatives/tree/solo/run.sh $F/placeholder-key-negatives/tree/setup.sh
seed fuzz_dockerfile $F/hardcoded-key-config/tree/Dockerfile
# fuzz_check: the first byte picks the path (index into PATHS in fuzz_targets/fuzz_check.rs)
mkdir -p corpus/fuzz_check
chk() { { printf "\\$(printf %03o "$1")"; cat "$2"; } > "corpus/fuzz_check/$1-$(basename "$2" | tr -d .)"; }
chk 0 $F/hardcoded-key-code/tree/app.py; chk 0 $F/usage-inventory/tree/app.py
chk 1 $F/malformed-key/tree/.env; chk 1 $F/hardcoded-key-config/tree/.env
chk 2 $F/hardcoded-key-code/tree/admin.ts; chk 2 $F/client-exposed-key/tree/src/main.ts
chk 3 $F/wrong-key-var/tree/go/main.go; chk 4 $F/hardcoded-key-code/tree/src/lib.rs
chk 5 $F/hardcoded-key-config/tree/docker-compose.yml; chk 6 $F/hardcoded-key-config/tree/.streamlit/secrets.toml
chk 7 $F/notebook/tree/analysis.ipynb; chk 8 $F/hardcoded-key-config/tree/README.md
chk 9 $F/hardcoded-key-config/tree/deploy.sh; chk 10 $F/hardcoded-key-config/tree/Dockerfile
chk 11 $F/hardcoded-key-config/tree/notes.txt
