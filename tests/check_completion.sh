#!/usr/bin/env bash
# check_completion.sh BUILD_DIR: the completion scripts the build generated
# (BUILD_DIR/share, from `kubesift completion SHELL`) parse in their shells,
# and the bash and fish ones complete what a user types: commands, options
# of the command typed, report formats, rule ids (asked of the kubesift on
# PATH), files. Exit 77 (ctest's SKIP) when zsh or fish is missing and all
# that could run passed: the line "SKIP: ..." says which.
set -uo pipefail
build=$(cd "$1" && pwd)
share=$build/share
fail=0 skipped=()
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
export PATH="$build:$PATH"  # the kubesift the scripts call for rule ids
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dir/samples-here" && : >"$tmp/dir/sample-file.yaml"

bash_script=$share/bash-completion/completions/kubesift
bash -n "$bash_script" && ok "bash -n" || bad "bash -n $bash_script"

# complete WORD... : what the bash completion function offers for the line,
# the last word being the one completed.
complete_bash() {
  bash -c 'source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    _kubesift
    printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_script" "$@"
}
# expect_bash "WANT..." WORD...: each WANT is among what is offered.
expect_bash() {
  local want=$1
  shift
  local got
  got=$(complete_bash "$@")
  for w in $want; do
    grep -qxF -- "$w" <<<"$got" || { bad "bash: [$*] does not offer $w: $(echo $got)"; return; }
  done
  ok "bash: [$*] offers $want"
}
# refuse_bash "NOT..." WORD...: none of NOT is offered.
refuse_bash() {
  local not=$1
  shift
  local got
  got=$(complete_bash "$@")
  for w in $not; do
    grep -qxF -- "$w" <<<"$got" && { bad "bash: [$*] offers $w"; return; }
  done
  ok "bash: [$*] does not offer $not"
}
formats=$(kubesift --help | sed -n 's/^report formats (F): \([^;]*\);.*/\1/p' | tr -d ',')
[ -n "$formats" ] || bad "no report formats in --help"
expect_bash "analyze" kubesift an
[ "$(complete_bash kubesift an)" = analyze ] || bad "bash: an completes to analyze alone"
expect_bash "analyze lint merge inventory rules explain completion man" kubesift ""
expect_bash "$formats" kubesift analyze --format ""
expect_bash "json sarif" kubesift analyze -f ""
expect_bash "sarif" kubesift lint --format = sa
expect_bash "text json" kubesift inventory --format ""
refuse_bash "sarif" kubesift inventory --format ""
expect_bash "ids patterns" kubesift rules --format ""
expect_bash "critical none" kubesift lint --fail-on ""
expect_bash "on off" kubesift analyze --hygiene ""
expect_bash "crash-loop-back-off" kubesift explain crash
expect_bash "image-tag-latest" kubesift lint --include image-t
expect_bash "oom-killed" kubectl-sift lint --exclude oom
expect_bash "--format --fail-on" kubesift analyze --f
expect_bash "--strict-refs" kubesift lint --st
refuse_bash "--strict-refs --all-checks" kubesift analyze --s
expect_bash "--shard" kubesift analyze --sh
expect_bash "$tmp/dir/samples-here $tmp/dir/sample-file.yaml" kubesift analyze "$tmp/dir/sa"
expect_bash "$tmp/dir/sample-file.yaml" kubesift analyze --format json -o "$tmp/dir/sample-f"
expect_bash "bash zsh fish" kubesift completion ""
refuse_bash "bash" kubesift completion bash ""
refuse_bash "oom-killed" kubesift explain oom-killed ""

zsh_script=$share/zsh/vendor-completions/_kubesift
if command -v zsh >/dev/null; then
  zsh -n "$zsh_script" && ok "zsh -n" || bad "zsh -n $zsh_script"
  # Loaded into a zsh with compinit, it binds both names.
  out=$(cd "$tmp" && HOME=$tmp zsh -fc 'autoload -U compinit && compinit -u -D && source "$1" &&
        print -r -- "$_comps[kubesift] $_comps[kubectl-sift]"' _ "$zsh_script" 2>&1)
  [ "$out" = "_kubesift _kubesift" ] && ok "zsh: compdef binds kubesift and kubectl-sift" \
    || bad "zsh: $out"
else
  echo "SKIP: no zsh (scripts/install-deps.sh installs it)"
  skipped+=(zsh)
fi

fish_script=$share/fish/vendor_completions.d/kubesift.fish
if command -v fish >/dev/null; then
  fish --no-execute "$fish_script" && ok "fish --no-execute" || bad "fish --no-execute $fish_script"
  # expect_fish "WANT..." LINE: complete -C offers each WANT (before its tab).
  expect_fish() {
    local want=$1 line=$2 got
    got=$(HOME=$tmp XDG_CONFIG_HOME=$tmp fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
      "$fish_script" "$line" 2>&1 | cut -f1)
    for w in $want; do
      grep -qxF -- "$w" <<<"$got" || { bad "fish: '$line' does not offer $w: $(echo $got)"; return; }
    done
    ok "fish: '$line' offers $want"
  }
  expect_fish "--format" "kubesift analyze --for"
  expect_fish "analyze" "kubesift an"
  expect_fish "$formats" "kubesift analyze --format "
  expect_fish "crash-loop-back-off" "kubesift explain crash"
  expect_fish "--no-suppressions" "kubectl-sift lint --no"
  expect_fish "$tmp/dir/sample-file.yaml" "kubesift lint $tmp/dir/sample-"
else
  echo "SKIP: no fish (scripts/install-deps.sh installs it)"
  skipped+=(fish)
fi

[ $fail = 0 ] || exit 1
if [ ${#skipped[@]} -gt 0 ]; then
  echo "SKIP: every check run passed; not run: ${skipped[*]}"
  exit 77
fi
exit 0
