#!/usr/bin/env bash
# make install: build the provider and put it where `terraform init` and `tofu init` find it with no
# registry: the implied local mirror ~/.terraform.d/plugins (both CLIs search it when the CLI
# configuration has no provider_installation block: implicitProviderSource in Terraform's
# provider_source.go and OpenTofu's cmd/tofu/provider_source.go), in the unpacked layout
#   <host>/truto/truto/<version>/<os>_<arch>/terraform-provider-truto_v<version>
# under registry.terraform.io (Terraform) and registry.opentofu.org (OpenTofu resolves "truto/truto"
# on its own registry). Earlier installs of this provider are removed, so `init -upgrade` picks this one.
#
# The version must be a release semver: Terraform and OpenTofu never select a pre-release (1.0.0-dev)
# from a mirror unless the configuration pins it exactly. It is the last tag vX.Y.Z (X.Y.Z itself
# when HEAD is that tag), or 0.1.0 before the first tag, plus build metadata naming the commit:
# 0.1.0+dev.1e1de2a (.dirty with uncommitted changes). INSTALL_VERSION=1.2.3 overrides it.
# PLUGIN_DIR overrides the destination (default $HOME/.terraform.d/plugins).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "install: $*" >&2; }

semver='^[0-9]+\.[0-9]+\.[0-9]+(\+[0-9A-Za-z.-]+)?$'
version=${INSTALL_VERSION:-}
if [ -z "$version" ]; then
  tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)
  base=${tag#v}
  if [ -n "$tag" ] && [ -z "$(git status --porcelain 2>/dev/null)" ] &&
    [ "$(git rev-parse HEAD)" = "$(git rev-list -n 1 "$tag")" ]; then
    version=$base
  else
    meta=dev
    if sha=$(git rev-parse --short HEAD 2>/dev/null); then meta="dev.$sha"; fi
    if [ -n "$(git status --porcelain 2>/dev/null)" ]; then meta="$meta.dirty"; fi
    version="${base:-0.1.0}+$meta"
  fi
fi
[[ $version =~ $semver ]] || {
  log "error: version \"$version\" is not X.Y.Z[+build] (a pre-release is never selected by init)"
  exit 2
}

plugin_dir=${PLUGIN_DIR:-$HOME/.terraform.d/plugins}
platform="$(go env GOOS)_$(go env GOARCH)"
binary="terraform-provider-truto_v$version"

log "building terraform-provider-truto $version for $platform (the first build takes a few minutes)"
work=$(mktemp -d "${TMPDIR:-/tmp}/truto-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
# No -trimpath: the build reuses the packages `go test` and `make demo` compiled.
go build -ldflags "-s -w -X main.version=$version" -o "$work/$binary" .

for host in registry.terraform.io registry.opentofu.org; do
  dir="$plugin_dir/$host/truto/truto"
  rm -rf "$dir"
  mkdir -p "$dir/$version/$platform"
  cp "$work/$binary" "$dir/$version/$platform/$binary"
  log "installed $dir/$version/$platform/$binary"
done
cat >&2 <<EOF
install: done. In a configuration with
           terraform { required_providers { truto = { source = "truto/truto" } } }
         \`terraform init\` and \`tofu init\` now install truto/truto $version from this directory.
         A directory initialised with an earlier build needs \`terraform init -upgrade\` (its lock
         file holds the earlier build's checksum).
EOF
