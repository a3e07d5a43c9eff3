#!/usr/bin/env bash
# make demo: build the provider, start the Truto emulator on loopback, point Terraform at the local
# build through a generated dev_overrides CLI config (no registry), apply examples/seed-crm (accounts,
# their contacts and the deals in the pipeline, from three CSV files), show what the emulator now
# holds, prove a second plan is empty, and that an apply after the state is lost adopts every record
# (adopt_by) and creates none. Cleans up even when interrupted. Terraform's own output
# (the apply's per-resource lines) is kept in a file and shown only on failure, or with VERBOSE=1.
set -euo pipefail
cd "$(dirname "$0")/.."

terraform_bin=${TERRAFORM:-$(command -v terraform || true)}
if [ -z "$terraform_bin" ]; then
  echo "error: no terraform binary found on PATH; install Terraform >= 1.11 or set TERRAFORM=/path/to/terraform" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/truto-demo.XXXXXX")
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; echo "demo interrupted"; exit 130' INT TERM

verbose=${VERBOSE:-}
[ "$verbose" = 0 ] && verbose=""
# Bold headings only on a terminal: no escape codes in logs and pipes.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
started=$SECONDS
step() { printf '\n%s==> %s%s  (%ds)\n' "$bold" "$*" "$plain" "$((SECONDS - started))"; }

step "Building the provider and the emulator"
echo "go build: the first build compiles the provider and its dependencies, about 2 to 5 minutes on a"
echo "cold Go cache (the tests and a warm cache take seconds); nothing is printed while it compiles."
go build -o "$work/bin/terraform-provider-truto" -ldflags "-X main.version=demo" .
go build -o "$work/emulator" ./cmd/truto-emulator

step "Starting the Truto emulator on 127.0.0.1"
token="demo-token-$RANDOM$RANDOM"
"$work/emulator" -listen 127.0.0.1:0 -token "$token" -accounts demo-hubspot -ready-file "$work/ready" \
  >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/ready" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/ready" ] || { echo "error: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
base_url=$(cat "$work/ready")
echo "emulator at $base_url (integrated account demo-hubspot)"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/truto/truto" = "$work/bin"
    "registry.opentofu.org/truto/truto" = "$work/bin"
  }
  direct {}
}
RC
cp -R examples/seed-crm "$work/seed-crm"
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 \
  TRUTO_BASE_URL="$base_url" TRUTO_API_TOKEN="$token" TRUTO_INTEGRATED_ACCOUNT_ID=demo-hubspot
tf() { "$terraform_bin" -chdir="$work/seed-crm" "$@" 2> >(grep -v -e 'Provider development overrides' >&2); }

step "terraform apply of examples/seed-crm (accounts, contacts, deals and tasks from three CSV files)"
if [ -n "$verbose" ]; then
  tf apply -auto-approve -no-color -compact-warnings | grep -v -e '^Warning: Provider development overrides' -e '^$' || true
  [ "${PIPESTATUS[0]}" = 0 ] || exit 1
else
  echo "(Terraform's full output: make demo VERBOSE=1)"
  if ! tf apply -auto-approve -no-color -compact-warnings >"$work/apply.txt" 2>&1; then
    cat "$work/apply.txt" >&2
    echo "error: terraform apply failed" >&2
    exit 1
  fi
  grep -E '^Apply complete' "$work/apply.txt" || true
fi

step "What the CRM (the emulator) now holds"
records() {
  curl -fsS -H "Authorization: Bearer $token" "$base_url/_emulator/records?integrated_account_id=demo-hubspot&collection=$1"
}
if command -v python3 >/dev/null; then
  python3 -c '
import json, sys
accounts, contacts, deals, users, stages, tasks = (json.loads(a) for a in sys.argv[1:7])
name = {r["id"]: r.get("name", "") for r in accounts + contacts}
user = {u["id"]: u.get("email", "") for u in users}
stage = {s["id"]: s.get("name", "") for s in stages}
print("  accounts:")
for r in accounts:
    print("    %-12s %-20s %s" % (r["id"], r.get("name", ""), r.get("website", "")))
print("  contacts:")
for r in contacts:
    emails = ", ".join(e.get("email", "") for e in r.get("email_addresses", []))
    print("    %-12s %-20s %-28s at %s" % (r["id"], r.get("name", ""), emails, name.get(r.get("account", {}).get("id"), "-")))
print("  deals:")
for r in deals:
    people = ", ".join(name.get(c.get("id"), "?") for c in r.get("contact", []))
    print("    %-12s %-20s %9s %s  %-11s owner %-18s with %s" % (r["id"], r.get("name", ""), r.get("amount", ""),
          r.get("currency", ""), stage.get(r.get("stage", {}).get("id"), "-"), user.get(r.get("owner", {}).get("id"), "-"), people))
print("  tasks:")
for r in tasks:
    print("    %-12s %-34s due %-10s %-6s for %s" % (r["id"], r.get("subject", ""), r.get("due_date", "")[:10],
          r.get("status", ""), user.get(r.get("owner", {}).get("id"), "-")))
' "$(records accounts)" "$(records contacts)" "$(records opportunities)" "$(records users)" "$(records stages)" "$(records tasks)"
else
  records accounts; records contacts; records opportunities; records tasks
fi

step "terraform plan (a second plan must show no changes)"
set +e
tf plan -detailed-exitcode -no-color -compact-warnings >"$work/plan.txt"
code=$?
set -e
if [ -n "$verbose" ]; then cat "$work/plan.txt"; else grep -E "No changes|Plan:" "$work/plan.txt" || cat "$work/plan.txt"; fi
if [ "$code" != 0 ]; then
  echo "error: the second plan is not empty (exit code $code)" >&2
  exit 1
fi

step "Without its state: a second apply adopts every record by its natural key (adopt_by) and creates none"
rm -f "$work/seed-crm/terraform.tfstate" "$work/seed-crm/terraform.tfstate.backup"
control() { curl -fsS -X "$1" -H "Authorization: Bearer $token" "$base_url/_emulator/$2"; }
control POST reset-counts >/dev/null
if ! tf apply -auto-approve -no-color -compact-warnings >"$work/adopt.txt" 2>&1; then
  cat "$work/adopt.txt" >&2
  echo "error: the apply without state failed" >&2
  exit 1
fi
if [ -n "$verbose" ]; then cat "$work/adopt.txt"; fi
grep -E '^Apply complete' "$work/adopt.txt" || true
tf show -json >"$work/state.json"
control GET requests >"$work/requests.json"
if command -v python3 >/dev/null; then
  python3 -c '
import json, sys
rs = [r for r in json.load(open(sys.argv[1]))["values"]["root_module"].get("resources", [])
      if r["mode"] == "managed" and "adopted" in r["values"]]
adopted = sum(1 for r in rs if r["values"]["adopted"])
kinds = ("accounts", "contacts", "leads", "opportunities", "notes", "tasks", "engagements")
posts = sum(1 for q in json.load(open(sys.argv[2])) if q["method"] == "POST" and q["path"] in ["/unified/crm/" + k for k in kinds])
print("  %d of %d records adopted (adopted = true in the new state); %d created (POST requests)" % (adopted, len(rs), posts))
sys.exit(0 if rs and adopted == len(rs) and posts == 0 else 1)
' "$work/state.json" "$work/requests.json" || { echo "error: the apply without state did not adopt every record" >&2; exit 1; }
else
  posts=$(control GET counts | grep -o '"POST": *[0-9]*' | grep -o '[0-9]*$' || true)
  echo "  POST requests: ${posts:-0}"
  [ "${posts:-0}" = 0 ] || { echo "error: the apply without state created records" >&2; exit 1; }
fi

step "Done: the emulator stops and temporary files are removed"
