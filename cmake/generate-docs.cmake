# cmake -DKUBESIFT=BIN -DOUT=DIR -P generate-docs.cmake
#
# What `kubesift completion SHELL` and `kubesift man` print, written under
# OUT in the layout they are installed in (share/...), with the names the
# kubectl plugin is looked up by beside them, and the plugin itself
# (kubectl-sift, a link to kubesift) next to BIN. Run at build time
# (cmake/packaging.cmake): nothing generated is committed.
foreach(var KUBESIFT OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "generate-docs.cmake needs -D${var}=...")
  endif()
endforeach()

function(generate file)
  get_filename_component(dir "${OUT}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  execute_process(COMMAND "${KUBESIFT}" ${ARGN}
                  OUTPUT_FILE "${OUT}/${file}.tmp" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "`${KUBESIFT} ${ARGN}` failed (${rc})")
  endif()
  file(RENAME "${OUT}/${file}.tmp" "${OUT}/${file}")
endfunction()

generate(bash-completion/completions/kubesift completion bash)
generate(zsh/vendor-completions/_kubesift completion zsh)
generate(fish/vendor_completions.d/kubesift.fish completion fish)
generate(man/man1/kubesift.1 man)
# bash-completion and fish load a completion by the command's name; the
# zsh script declares both names itself (#compdef kubesift kubectl-sift).
file(CREATE_LINK kubesift "${OUT}/bash-completion/completions/kubectl-sift" SYMBOLIC)
file(CREATE_LINK kubesift.fish "${OUT}/fish/vendor_completions.d/kubectl-sift.fish" SYMBOLIC)
file(WRITE "${OUT}/man/man1/kubectl-sift.1" ".so man1/kubesift.1\n")
get_filename_component(bindir "${KUBESIFT}" DIRECTORY)
get_filename_component(binname "${KUBESIFT}" NAME)
file(CREATE_LINK "${binname}" "${bindir}/kubectl-sift" SYMBOLIC)
# kubectl's completion of a plugin runs kubectl_complete-<plugin> with the
# words typed (kubesift __complete, by its name).
file(CREATE_LINK "${binname}" "${bindir}/kubectl_complete-sift" SYMBOLIC)
