#!/usr/bin/env bash
# check_package.sh BUILD_DIR SOURCE_DIR: the .deb `cpack -G DEB` makes from
# the build directory (cmake/packaging.cmake) holds kubesift, the kubectl
# plugin, the man page and the three completion scripts, depends on the
# packages of the libraries kubesift links, and works unpacked into a
# scratch root (dpkg -x: nothing is installed into the system).
# Exit 0 when every check passed, 1 when one failed, 77 (ctest's SKIP) when
# a tool a check needs is missing: then the line "SKIP: ..." says which.
set -uo pipefail
build=$1 src=$2
fail=0 skipped=()
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
for t in cpack dpkg-deb dpkg dpkg-shlibdeps readelf ldd; do
  command -v "$t" >/dev/null || { echo "SKIP: no $t (scripts/install-deps.sh installs dpkg-dev)"; exit 77; }
done
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || { bad "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  bad "cpack -G DEB"
  exit 1
fi
debs=("$tmp"/out/*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || { bad "cpack made one .deb: ${debs[*]}"; exit 1; }
deb=${debs[0]}
ok "cpack made $(basename "$deb")"

# The control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = kubesift ] && ok "Package: kubesift" || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok "Version: $version" || bad "Version: $(field Version), want $version"
[ "$(field Section)" = utils ] && ok "Section: utils" || bad "Section: $(field Section)"
[ -n "$(field Maintainer)" ] && ok "Maintainer: $(field Maintainer)" || bad "no Maintainer"
field Description | head -1 | grep -q 'Kubernetes' && ok "Description" || bad "Description: $(field Description)"
dpkg-deb -I "$deb" >/dev/null || bad "dpkg-deb -I"

# Depends names the package of every shared library kubesift links (its
# NEEDED entries, where the dynamic loader finds them here), and RE2's,
# yaml-cpp's and Boost.Program_options' by name.
depends=$(field Depends)
echo "Depends: $depends"
pkg_list=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/:.*//')
needed=$(readelf -d "$build/kubesift" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
while read -r soname arrow lib _; do
  [ "$arrow" = "=>" ] && grep -qxF "$soname" <<<"$needed" || continue
  owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$owner" ] || owner=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$owner" ] || { echo "note: $lib belongs to no package"; continue; }
  grep -qx "$owner" <<<"$pkg_list" && ok "Depends has $owner ($soname)" || bad "Depends lacks $owner ($soname)"
done < <(ldd "$build/kubesift")
for want in libre2- libyaml-cpp libboost-program-options; do
  grep -q "^$want" <<<"$pkg_list" && ok "Depends has $want*" || bad "Depends lacks $want*"
done

# The files.
dpkg-deb -c "$deb" | awk '{print $6, $7, $8}' >"$tmp/contents"
for f in ./usr/bin/kubesift ./usr/share/man/man1/kubesift.1 ./usr/share/man/man1/kubectl-sift.1 \
         ./usr/share/bash-completion/completions/kubesift \
         ./usr/share/bash-completion/completions/kubectl-sift \
         ./usr/share/zsh/vendor-completions/_kubesift \
         ./usr/share/fish/vendor_completions.d/kubesift.fish \
         ./usr/share/fish/vendor_completions.d/kubectl-sift.fish \
         ./usr/share/doc/kubesift/README.md; do
  grep -q "^$f\( \|$\)" "$tmp/contents" && ok "holds $f" || bad "does not hold $f"
done
grep -q '^./usr/bin/kubectl-sift -> kubesift$' "$tmp/contents" && ok "bin/kubectl-sift -> kubesift" \
  || bad "bin/kubectl-sift is not a link to kubesift: $(grep kubectl-sift "$tmp/contents")"
grep -q '^./usr/bin/kubectl_complete-sift -> kubesift$' "$tmp/contents" \
  && ok "bin/kubectl_complete-sift -> kubesift" \
  || bad "bin/kubectl_complete-sift is not a link to kubesift: $(grep complete "$tmp/contents")"

# Unpacked into a scratch root, it runs.
root=$tmp/root
dpkg -x "$deb" "$root" || { bad "dpkg -x"; exit 1; }
out=$("$root/usr/bin/kubesift" --version 2>&1)
[ "$out" = "kubesift $version" ] && ok "kubesift --version: $out" || bad "kubesift --version: $out"
out=$("$root/usr/bin/kubectl-sift" --help 2>&1)
grep -q '^  kubectl sift analyze PATH' <<<"$out" && ! grep -q '^  kubesift ' <<<"$out" \
  && ok "kubectl-sift --help names kubectl sift" || bad "kubectl-sift --help: $out"
if command -v kubectl >/dev/null; then
  out=$(cd "$tmp" && PATH="$root/usr/bin:$PATH" timeout 30 kubectl sift --help 2>&1)
  grep -q '^  kubectl sift analyze PATH' <<<"$out" && ok "kubectl sift --help runs the plugin" \
    || bad "kubectl sift --help: $out"
  # kubectl's own completion of the plugin (kubectl_complete-sift), as the
  # shells' kubectl completion asks for it.
  out=$(cd "$tmp" && PATH="$root/usr/bin:$PATH" timeout 30 kubectl __complete sift an 2>/dev/null)
  grep -qx 'analyze' <<<"$out" && ok "kubectl sift an<TAB> completes analyze" \
    || bad "kubectl __complete sift an: $out"
  out=$(cd "$tmp" && PATH="$root/usr/bin:$PATH" timeout 30 kubectl __complete sift analyze --format "" 2>/dev/null)
  grep -qx 'sarif' <<<"$out" && grep -qx 'html' <<<"$out" \
    && ok "kubectl sift analyze --format <TAB> lists the formats" \
    || bad "kubectl __complete sift analyze --format: $out"
else
  echo "SKIP: no kubectl on PATH: kubectl sift not run"
  skipped+=(kubectl)
fi
(cd "$src" && "$root/usr/bin/kubesift" analyze samples/demo-ng >"$tmp/report.txt" 2>"$tmp/report.err")
rc=$?
[ $rc = 0 ] && grep -q 'currency_script.sh' "$tmp/report.txt" \
  && ok "kubesift analyze samples/demo-ng from the scratch root" \
  || { bad "analyze samples/demo-ng: exit $rc"; cat "$tmp/report.err"; }

# The man page renders without a warning; the plugin's page points to it.
man1=$root/usr/share/man/man1
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$man1/kubesift.1" 2>&1)
  [ -z "$warnings" ] && ok "groff renders kubesift.1 without warnings" || bad "groff: $warnings"
  groff -man -Tutf8 "$man1/kubesift.1" 2>/dev/null | sed 's/.\x08//g' | grep -q '^EXIT STATUS' \
    && ok "kubesift.1 has EXIT STATUS" || bad "kubesift.1 rendered has no EXIT STATUS"
elif command -v man >/dev/null; then
  out=$(MANPAGER=cat man -l "$man1/kubesift.1" 2>&1 >/dev/null)
  [ -z "$out" ] && ok "man -l renders kubesift.1 without warnings" || bad "man -l: $out"
else
  echo "SKIP: neither groff nor man: the man page not rendered"
  skipped+=(groff)
fi
grep -qx '.so man1/kubesift.1' "$man1/kubectl-sift.1" && ok "kubectl-sift.1 is .so kubesift.1" \
  || bad "kubectl-sift.1: $(cat "$man1/kubectl-sift.1")"

# The packaged completion scripts parse.
comp=$root/usr/share
bash -n "$comp/bash-completion/completions/kubesift" && ok "bash -n" || bad "bash -n"
if command -v zsh >/dev/null; then
  zsh -n "$comp/zsh/vendor-completions/_kubesift" && ok "zsh -n" || bad "zsh -n"
else
  echo "SKIP: no zsh"
  skipped+=(zsh)
fi
if command -v fish >/dev/null; then
  fish --no-execute "$comp/fish/vendor_completions.d/kubesift.fish" && ok "fish --no-execute" \
    || bad "fish --no-execute"
else
  echo "SKIP: no fish"
  skipped+=(fish)
fi

[ $fail = 0 ] || exit 1
if [ ${#skipped[@]} -gt 0 ]; then
  echo "SKIP: every check run passed; not run: ${skipped[*]}"
  exit 77
fi
exit 0
