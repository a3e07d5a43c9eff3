#!/usr/bin/env bash
# check-no-binaries.sh: fail when a tracked file is an executable binary (a `go build` output
# committed by accident). Recognised by magic number, so no `file` command is needed: ELF, Mach-O
# (32/64-bit, either byte order, universal) and Windows PE ("MZ").
set -euo pipefail
cd "$(dirname "$0")/.."

found=0
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  magic=$(head -c 4 -- "$f" | od -An -tx1 | tr -d ' \n')
  case "$magic" in
    7f454c46 | feedface | feedfacf | cefaedfe | cffaedfe | cafebabe | 4d5a*)
      echo "error: $f is an executable binary (magic $magic); remove it with 'git rm --cached $f' and ignore it" >&2
      found=1 ;;
  esac
done < <(git ls-files -z)
exit "$found"
