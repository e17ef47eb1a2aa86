# Installing kubesift, and its Debian package (`cpack -G DEB` in the build
# directory). Included once by the top-level CMakeLists.txt, after the
# kubesift target exists.
#
#   bin/kubesift, bin/kubectl-sift (a link: `kubectl sift ARGS` runs it),
#   bin/kubectl_complete-sift (a link: `kubectl sift <TAB>` completes by it)
#   share/man/man1/kubesift.1, kubectl-sift.1 (.so to the first)
#   share/bash-completion/completions/kubesift, kubectl-sift
#   share/zsh/vendor-completions/_kubesift
#   share/fish/vendor_completions.d/kubesift.fish, kubectl-sift.fish
#   share/doc/kubesift/README.md, ARCHITECTURE.md
#
# The completion scripts and the man page are what the kubesift just built
# prints (`kubesift completion SHELL`, `kubesift man`), generated into the
# build directory by a target of ALL.
include(GNUInstallDirs)

set(KUBESIFT_SHARE_OUT ${CMAKE_BINARY_DIR}/share)
set(kubesift_generated
    ${KUBESIFT_SHARE_OUT}/bash-completion/completions/kubesift
    ${KUBESIFT_SHARE_OUT}/bash-completion/completions/kubectl-sift
    ${KUBESIFT_SHARE_OUT}/zsh/vendor-completions/_kubesift
    ${KUBESIFT_SHARE_OUT}/fish/vendor_completions.d/kubesift.fish
    ${KUBESIFT_SHARE_OUT}/fish/vendor_completions.d/kubectl-sift.fish
    ${KUBESIFT_SHARE_OUT}/man/man1/kubesift.1
    ${KUBESIFT_SHARE_OUT}/man/man1/kubectl-sift.1)
# A sanitizer build's kubesift runs here too: what it prints is the same,
# and a leak report (the tests' suppressions are not set here) is no reason
# to fail the build.
set(kubesift_run_env)
if(KUBESIFT_SANITIZE)
  set(kubesift_run_env ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)
endif()
add_custom_command(
  OUTPUT ${kubesift_generated} ${CMAKE_BINARY_DIR}/kubectl-sift ${CMAKE_BINARY_DIR}/kubectl_complete-sift
  COMMAND ${kubesift_run_env} ${CMAKE_COMMAND} -DKUBESIFT=$<TARGET_FILE:kubesift> -DOUT=${KUBESIFT_SHARE_OUT}
          -P ${CMAKE_CURRENT_LIST_DIR}/generate-docs.cmake
  DEPENDS kubesift ${CMAKE_CURRENT_LIST_DIR}/generate-docs.cmake
  COMMENT "Generating the completion scripts, the man page and kubectl-sift"
  VERBATIM)
add_custom_target(kubesift_generated ALL DEPENDS ${kubesift_generated} ${CMAKE_BINARY_DIR}/kubectl-sift
                                                  ${CMAKE_BINARY_DIR}/kubectl_complete-sift)

install(TARGETS kubesift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Links are installed as links.
install(FILES ${CMAKE_BINARY_DIR}/kubectl-sift ${CMAKE_BINARY_DIR}/kubectl_complete-sift
        DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${KUBESIFT_SHARE_OUT}/man/man1/kubesift.1 ${KUBESIFT_SHARE_OUT}/man/man1/kubectl-sift.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${KUBESIFT_SHARE_OUT}/bash-completion/completions/kubesift
              ${KUBESIFT_SHARE_OUT}/bash-completion/completions/kubectl-sift
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${KUBESIFT_SHARE_OUT}/zsh/vendor-completions/_kubesift
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${KUBESIFT_SHARE_OUT}/fish/vendor_completions.d/kubesift.fish
              ${KUBESIFT_SHARE_OUT}/fish/vendor_completions.d/kubectl-sift.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/ARCHITECTURE.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The .deb: cpack -G DEB (dpkg-dev's dpkg-shlibdeps fills Depends from the
# shared libraries kubesift links).
set(KUBESIFT_PACKAGE_MAINTAINER "kubesift maintainers <maintainers@kubesift.invalid>"
    CACHE STRING "The Maintainer of the .deb")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kubesift)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${KUBESIFT_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline analyzer of Kubernetes failures and manifests")
# The long description, its lines as dpkg shows them.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
       "kubesift reads what was saved from a cluster (kubectl get, describe and"
       "logs output, -o json|yaml dumps, support bundles, must-gathers, archived"
       "logs) and reports, ranked, what is wrong and why, citing the file and"
       "line that prove it. kubesift lint checks manifests before they are"
       "deployed, with SARIF, JUnit and GitHub outputs for CI. It needs no"
       "cluster access and no network."
       "."
       "Installed as kubectl-sift too, it is the kubectl plugin `kubectl sift`.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${KUBESIFT_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/")
include(CPack)
