#!/usr/bin/env bash
# build-clis.sh [terraform|terraform-1.14|terraform-1.15|tofu]: build Terraform 1.14.3 and 1.15.9
# and OpenTofu 1.12.6 from their Go modules and cache the binaries, so the provider can be tested
# against more than the terraform on PATH. `terraform` builds every Terraform version listed below.
#
# Why from source: no download site (releases.hashicorp.com, GitHub) is reachable here, but the Go
# module proxy is. Both CLIs are Go modules, so we fetch them with `go mod download`, copy the
# read-only module dir to a temp dir and `go build` there. Terraform's module zip does not contain
# its nested modules (the azure, consul, cos, gcs, kubernetes, oci, oss, pg, s3 state backends and
# internal/legacy): their go.mod `replace => ./dir` targets are missing. We drop those modules from
# go.mod and the backends from internal/backend/init/init.go before building; local, remote,
# cloud, http and inmem stay. Nothing from either project is committed; the edit happens at build time.
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-truto/clis/{terraform-1.14.3,terraform-1.15.9,tofu-1.12.6}/.
# A cached binary that runs `version` and reports the expected version is reused (no rebuild).
# Output: the last lines on stdout are shell assignments, e.g. eval "$(scripts/build-clis.sh)":
#   TERRAFORM_1_14=/abs/path/terraform
#   TERRAFORM_1_15=/abs/path/terraform
#   TOFU_1_12=/abs/path/tofu
# All progress goes to stderr.
set -euo pipefail

# Terraform 1.14 is the first with list resources (`terraform query`); 1.15 is the newest release
# line the Go module proxy serves (v1.15.9, https://proxy.golang.org/github.com/hashicorp/terraform/@v/v1.15.9.info).
TERRAFORM_VERSIONS=(1.14.3 1.15.9)
TOFU_VERSION=1.12.6

usage() { echo "usage: $0 [terraform|terraform-1.14|terraform-1.15|tofu]   (no argument: all)" >&2; }
terraform_targets=()
for v in "${TERRAFORM_VERSIONS[@]}"; do terraform_targets+=("terraform-${v%.*}"); done
case "${1:-all}" in
  all) targets=("${terraform_targets[@]}" tofu) ;;
  terraform) targets=("${terraform_targets[@]}") ;;
  tofu) targets=(tofu) ;;
  -h | --help) usage; exit 0 ;;
  *)
    targets=()
    for t in "${terraform_targets[@]}"; do [ "$1" != "$t" ] || targets=("$t"); done
    [ ${#targets[@]} -gt 0 ] || { usage; exit 2; } ;;
esac
[ $# -le 1 ] || { usage; exit 2; }

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-truto/clis"
log() { echo "build-clis: $*" >&2; }
die() { log "error: $*"; exit 1; }

work=""
partial=""
cleanup() {
  [ -z "$partial" ] || rm -f "$partial"
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Keep the CLIs off the network and away from the user's CLI config when we run `version`.
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null TOFU_CLI_CONFIG_FILE=/dev/null

# runs_as BIN NAME VERSION: BIN runs and its `version` reports "NAME vVERSION" on the first line.
runs_as() {
  local out
  [ -x "$1" ] || return 1
  # The whole output, then its first line: `| head -n 1` under pipefail fails whenever head exits
  # before the CLI writes its second line (SIGPIPE), which a loaded machine makes likely.
  out=$("$1" version 2>/dev/null) || return 1
  [ "${out%%$'\n'*}" = "$2 v$3" ]
}

# module_dir MODULE VERSION: download the module through the proxy, print its (read-only) dir.
module_dir() {
  local json dir
  json=$(cd "$work" && GOFLAGS= go mod download -json "$1@$2") || die "go mod download $1@$2 failed"
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "no module dir for $1@$2 in: $json"
  printf '%s\n' "$dir"
}

# check_go_directive SRC: fail early and clearly if the module needs a newer Go than we may use.
check_go_directive() {
  local need have
  need=$(sed -n 's/^go \([0-9][0-9.]*\)$/\1/p' "$1/go.mod")
  have=$(go env GOVERSION | sed 's/^go//')
  if [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ] &&
    [ "$(go env GOTOOLCHAIN)" = local ]; then
    die "$(basename "$1") needs go $need but go $have is installed and GOTOOLCHAIN=local"
  fi
}

# patch_terraform SRC: drop the nested modules whose `replace => ./dir` target the zip lacks.
patch_terraform() {
  local src=$1 init=$1/internal/backend/init/init.go mod dir alias missing=()
  while read -r mod dir; do
    [ -d "$src/$dir" ] || missing+=("$mod")
  done < <(sed -n 's#^replace \(github.com/hashicorp/terraform/[^ ]*\) => \./\([^ ]*\)$#\1 \2#p' "$src/go.mod")
  [ ${#missing[@]} -gt 0 ] || { log "terraform: no nested modules missing, building unmodified"; return 0; }
  for mod in "${missing[@]}"; do
    log "terraform: dropping missing module ${mod#github.com/hashicorp/terraform/}"
    M=$mod perl -ni -e 'print unless /^\s*(replace\s+)?\Q$ENV{M}\E\s/' "$src/go.mod"
    alias=$(M=$mod perl -ne 'print "$1\n" if /^\s*(\w+)\s+"\Q$ENV{M}\E"/' "$init")
    if [ -n "$alias" ]; then
      M=$mod A=$alias perl -ni -e 'print unless /^\s*\Q$ENV{A}\E\s+"\Q$ENV{M}\E"/ || /\b\Q$ENV{A}\E\.New\(/' "$init"
    fi
    ! grep -q "\"$mod\"" "$init" || die "terraform: could not remove $mod from $init"
  done
  gofmt -w "$init"
}

# build TARGET: build one CLI (terraform-MAJOR.MINOR or tofu) into the cache (unless a good one is
# there); print its assignment.
build() {
  local name=${1%%-*} module version pkg ldflags var dest src moddir started v
  case "$1" in
    terraform-*)
      for v in "${TERRAFORM_VERSIONS[@]}"; do [ "terraform-${v%.*}" != "$1" ] || version=$v; done
      module=github.com/hashicorp/terraform pkg=. var=TERRAFORM_$(echo "${version%.*}" | tr . _)
      ldflags="-s -w -X github.com/hashicorp/terraform/version.dev=no" ;;
    tofu)
      module=github.com/opentofu/opentofu version=$TOFU_VERSION pkg=./cmd/tofu var=TOFU_1_12
      ldflags="-s -w -X github.com/opentofu/opentofu/version.dev=no" ;;
  esac
  local label=Terraform
  if [ "$name" = tofu ]; then label=OpenTofu; fi
  dest="$cache_root/$name-$version/$name"

  if runs_as "$dest" "$label" "$version"; then
    log "$name $version: cached at $dest"
    echo "$var=$dest"
    return 0
  fi

  started=$SECONDS
  log "$name $version: building from $module@v$version (takes a few minutes) ..."
  work=$(mktemp -d "${TMPDIR:-/tmp}/build-clis.XXXXXX")
  src="$work/src"
  moddir=$(module_dir "$module" "v$version")
  cp -R "$moddir/." "$src"
  chmod -R u+w "$src"
  check_go_directive "$src"
  if [ "$name" = terraform ]; then patch_terraform "$src"; fi

  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
    go build -trimpath -ldflags "$ldflags" -o "$work/$name" "$pkg") >&2 ||
    die "$name: go build failed"
  runs_as "$work/$name" "$label" "$version" ||
    die "$name: built binary does not report $label v$version: $("$work/$name" version 2>&1 | head -n 1)"

  # Install atomically: copy next to the destination (same filesystem), then rename over it.
  mkdir -p "$(dirname "$dest")"
  partial="$dest.partial.$$"
  cp "$work/$name" "$partial"
  mv -f "$partial" "$dest"
  partial=""
  rm -rf "$work"
  work=""
  log "$name $version: built in $((SECONDS - started))s -> $dest"
  echo "$var=$dest"
}

# build runs in this shell (not in $(...)) so the traps see $work and $partial.
for t in "${targets[@]}"; do
  build "$t"
done
