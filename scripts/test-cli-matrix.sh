#!/usr/bin/env bash
# make test-cli-matrix: the acceptance and e2e suites under the CLIs the provider supports besides
# the terraform on PATH (which `make test` uses): Terraform 1.14 (resource identity, terraform query),
# Terraform 1.15 (the newest release line) and OpenTofu 1.12 (identity import blocks, no list
# resources). scripts/build-clis.sh builds them once from their Go modules into the user's cache
# directory. Tests of features a CLI lacks skip, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."

eval "$(scripts/build-clis.sh)"

run() {
  local name=$1 bin=$2
  shift 2
  echo "==> $name: $("$bin" version | head -n 1)"
  env "$@" TF_ACC=1 TF_ACC_TERRAFORM_PATH="$bin" TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 \
    go test -count=1 -timeout "${TEST_TIMEOUT:-30m}" ./internal/provider ./internal/e2e
}

run "Terraform 1.14" "$TERRAFORM_1_14"
run "Terraform 1.15" "$TERRAFORM_1_15"
# In-process providers are served at registry.opentofu.org/hashicorp/truto for OpenTofu.
run "OpenTofu 1.12" "$TOFU_1_12" TF_ACC_PROVIDER_HOST=registry.opentofu.org
